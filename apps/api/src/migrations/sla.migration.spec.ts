import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';

import { createOrmOptions } from '../config/mikro-orm.options';
import { withScratchPostgres } from '../testing/test-database';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Tickets from before SLAs, relative to the migration's time; priorities as ranks (0 low .. 3 urgent). */
function oldTickets(now: number) {
  return [
    // Urgent, open an hour, unanswered: both clocks run, nothing earned yet.
    { status: 'open', priority: 3, createdAt: now - HOUR, updatedAt: now - HOUR, firstResponseAt: null, resolvedAt: null },
    // Medium, answered, in progress: the resolution clock runs.
    { status: 'in_progress', priority: 1, createdAt: now - 10 * HOUR, updatedAt: now - 9 * HOUR, firstResponseAt: now - 9 * HOUR, resolvedAt: null },
    // Urgent, open 3 hours, unanswered: its first response is at risk and breached already.
    { status: 'open', priority: 3, createdAt: now - 3 * HOUR, updatedAt: now - 3 * HOUR, firstResponseAt: null, resolvedAt: null },
    // High, answered, waiting on the customer since its last change.
    { status: 'waiting_on_customer', priority: 2, createdAt: now - 5 * HOUR, updatedAt: now - HOUR, firstResponseAt: now - 4 * HOUR, resolvedAt: null },
    // Low, resolved.
    { status: 'resolved', priority: 0, createdAt: now - 30 * HOUR, updatedAt: now - 2 * HOUR, firstResponseAt: now - 29 * HOUR, resolvedAt: now - 2 * HOUR },
  ];
}

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : new Date(value as string | number | Date).toISOString();
const at = (ms: number): string => new Date(ms).toISOString();

/**
 * Migrates to just before the SLA migration, stores old tickets with a notification and a history
 * event, runs it, and reads back the tickets' SLA columns, the alerts it recorded, and whether the
 * rebuilt `notifications` and `ticket_history` kept their rows and take the new types.
 */
async function backfill(dialect: 'sqlite' | 'postgresql', database: string, now: number) {
  const options = createOrmOptions({ dialect, database });
  const orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
  try {
    const migrator = orm.getMigrator();
    await migrator.up({ to: 'Migration20261127800000_ticket_full_text_search' });
    const connection = (orm.em as EntityManager).getConnection();
    await connection.execute(
      'insert into users (email, first_name, last_name, role, password_hash, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      ['c@example.com', 'Casey', 'Customer', 'customer', 'x', true, new Date(now), new Date(now)],
    );
    for (const [i, t] of oldTickets(now).entries()) {
      const date = (ms: number | null) => (ms === null ? null : new Date(ms));
      await connection.execute(
        'insert into tickets (number, subject, description, status, priority, category, customer_id, created_at, updated_at, first_response_at, resolved_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [`TICK-20261126-000${i + 1}`, 'S', 'D', t.status, t.priority, 'general', 1, date(t.createdAt), date(t.updatedAt), date(t.firstResponseAt), date(t.resolvedAt)],
      );
    }
    await connection.execute(
      "insert into notifications (user_id, type, ticket_id, title, body, created_at) values (1, 'ticket.replied', 1, 'T', 'B', ?)",
      [new Date(now)],
    );
    await connection.execute(
      "insert into ticket_history (ticket_id, at, actor_id, system, type, internal) values (1, ?, 1, false, 'created', false)",
      [new Date(now)],
    );
    await migrator.up({ to: 'Migration20261127900000_sla' });
    await connection.execute(
      "insert into notifications (user_id, type, ticket_id, title, body, created_at) values (1, 'sla.breached', 3, 'T', 'B', ?)",
      [new Date(now)],
    );
    await connection.execute(
      "insert into ticket_history (ticket_id, at, actor_id, system, type, field, internal) values (3, ?, null, true, 'sla_breached', 'first_response', true)",
      [new Date(now)],
    );
    const tickets = await connection.execute(
      'select first_response_due_at, resolution_due_at, sla_paused_at, sla_paused_seconds, sla_due_at, sla_at_risk_at, sla_alert_at from tickets order by id',
    );
    const alerts = await connection.execute('select ticket_id, target, kind from sla_alerts order by ticket_id, target, kind');
    const policies = await connection.execute(
      'select priority, first_response_minutes, resolution_minutes from sla_policies order by first_response_minutes',
    );
    return {
      tickets: tickets.map((row: Record<string, unknown>) => ({
        firstResponseDueAt: iso(row['first_response_due_at']),
        resolutionDueAt: iso(row['resolution_due_at']),
        pausedAt: iso(row['sla_paused_at']),
        pausedSeconds: Number(row['sla_paused_seconds']),
        dueAt: iso(row['sla_due_at']),
        atRiskAt: iso(row['sla_at_risk_at']),
        alertAt: iso(row['sla_alert_at']),
      })),
      alerts: alerts.map((row: Record<string, unknown>) => ({ ...row, ticket_id: Number(row['ticket_id']) })),
      policies: policies.map((row: Record<string, unknown>) => ({
        priority: row['priority'],
        firstResponse: Number(row['first_response_minutes']),
        resolution: Number(row['resolution_minutes']),
      })),
      notifications: (await connection.execute('select type from notifications order by id')).map(
        (row: Record<string, unknown>) => row['type'],
      ),
      history: (await connection.execute('select type from ticket_history order by id')).map(
        (row: Record<string, unknown>) => row['type'],
      ),
    };
  } finally {
    await orm.close(true);
  }
}

function expected(now: number) {
  const [urgent, medium, breached, waiting, resolved] = oldTickets(now);
  return {
    tickets: [
      {
        firstResponseDueAt: at(urgent.createdAt + 2 * HOUR),
        resolutionDueAt: at(urgent.createdAt + 24 * HOUR),
        pausedAt: null,
        pausedSeconds: 0,
        dueAt: at(urgent.createdAt + 2 * HOUR),
        atRiskAt: at(urgent.createdAt + 96 * MINUTE),
        alertAt: at(urgent.createdAt + 96 * MINUTE),
      },
      {
        firstResponseDueAt: at(medium.createdAt + 8 * HOUR),
        resolutionDueAt: at(medium.createdAt + 120 * HOUR),
        pausedAt: null,
        pausedSeconds: 0,
        dueAt: at(medium.createdAt + 120 * HOUR),
        atRiskAt: at(medium.createdAt + 96 * HOUR),
        alertAt: at(medium.createdAt + 96 * HOUR),
      },
      {
        firstResponseDueAt: at(breached.createdAt + 2 * HOUR),
        resolutionDueAt: at(breached.createdAt + 24 * HOUR),
        pausedAt: null,
        pausedSeconds: 0,
        dueAt: at(breached.createdAt + 2 * HOUR),
        atRiskAt: at(breached.createdAt + 96 * MINUTE),
        alertAt: at(breached.createdAt + 96 * MINUTE),
      },
      {
        firstResponseDueAt: at(waiting.createdAt + 4 * HOUR),
        resolutionDueAt: at(waiting.createdAt + 48 * HOUR),
        pausedAt: at(waiting.updatedAt),
        pausedSeconds: 0,
        dueAt: null,
        atRiskAt: null,
        alertAt: null,
      },
      {
        firstResponseDueAt: at(resolved.createdAt + 24 * HOUR),
        resolutionDueAt: at(resolved.createdAt + 240 * HOUR),
        pausedAt: at(resolved.resolvedAt as number),
        pausedSeconds: 0,
        dueAt: null,
        atRiskAt: null,
        alertAt: null,
      },
    ],
    // Only what was earned before the migration counts as raised: no flood of alerts about old tickets.
    alerts: [
      { ticket_id: 3, target: 'first_response', kind: 'at_risk' },
      { ticket_id: 3, target: 'first_response', kind: 'breached' },
    ],
    policies: [
      { priority: 'urgent', firstResponse: 120, resolution: 1440 },
      { priority: 'high', firstResponse: 240, resolution: 2880 },
      { priority: 'medium', firstResponse: 480, resolution: 7200 },
      { priority: 'low', firstResponse: 1440, resolution: 14400 },
    ],
    notifications: ['ticket.replied', 'sla.breached'],
    history: ['created', 'sla_breached'],
  };
}

describe('Migration20261127900000_sla', () => {
  it('seeds the policies, backfills the tickets on the 24/7 clock, records earned alerts and takes the new types (SQLite)', async () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    expect(await backfill('sqlite', ':memory:', now)).toEqual(expected(now));
  });

  const pgUrl = process.env['PG_TEST_URL'];
  (pgUrl ? it : it.skip)('does the same on PostgreSQL (PG_TEST_URL)', async () => {
    await withScratchPostgres(pgUrl as string, 'sla_migration', async (url) => {
      const now = Math.floor(Date.now() / 1000) * 1000;
      expect(await backfill('postgresql', url, now)).toEqual(expected(now));
    });
  });
});
