import { Migration } from '@mikro-orm/migrations';

/** The at-risk threshold of the settings (`sla.atRiskThreshold`), 0.8 when never set. */
const THRESHOLD = `coalesce((select ("value"::json->>'atRiskThreshold')::float8 from "settings" where "key" = 'sla'), 0.8)`;

/** The default targets in minutes by priority rank (0 low .. 3 urgent), as seeded below. */
const FIRST_RESPONSE = 'case "priority" when 3 then 120 when 2 then 240 when 1 then 480 else 1440 end';
const RESOLUTION = 'case "priority" when 3 then 1440 when 2 then 2880 when 1 then 7200 else 14400 end';

/** Whether each clock runs (see `runningTargets` in `@hd/shared/domain`). */
const FIRST_RESPONSE_RUNS = `("first_response_at" is null and "status" not in ('resolved', 'closed'))`;
const RESOLUTION_RUNS = '("sla_paused_at" is null)';

/** When each target passes the at-risk threshold (24/7, no pauses: the backfill's arithmetic). */
const FIRST_RESPONSE_AT_RISK = `("created_at" + ${THRESHOLD} * ("first_response_due_at" - "created_at"))`;
const RESOLUTION_AT_RISK = `("created_at" + ${THRESHOLD} * ("resolution_due_at" - "created_at"))`;

/** The notification and history types before this migration. */
const NOTIFICATION_TYPES = `'ticket.created', 'ticket.assigned', 'ticket.status_changed', 'ticket.replied', 'ticket.note_added', 'ticket.updated'`;
const HISTORY_TYPES = `'created', 'status_changed', 'priority_changed', 'category_changed', 'assigned', 'unassigned', 'edited', 'reply_added', 'internal_note_added', 'deleted'`;

/**
 * Service levels: the `sla_policies` table (one row per priority, seeded with the defaults: urgent
 * 2 h / 24 h, high 4 h / 48 h, medium 8 h / 5 days, low 24 h / 10 days), the tickets' SLA columns
 * with the queue's (deleted_at, sla_due_at) index and the alert job's sla_alert_at index, the
 * `sla_alerts` table (one row per ticket, target and kind raised), and the new notification and
 * history types in the CHECK constraints of `notifications.type` and `ticket_history.type`.
 *
 * Existing tickets are backfilled on the 24/7 clock with the default targets (business hours
 * cannot be applied in SQL; the setting is new, so no installation has turned them on yet): due
 * times from creation, the resolution clock stopped since the ticket's last change when it waits,
 * is resolved or closed, and the alerts already earned recorded as raised, so that the first run
 * of the alert job does not flood everyone with alerts about old tickets.
 */
export class Migration20261127900000Sla extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "sla_policies" ("priority" varchar(16) not null, "first_response_minutes" int not null, "resolution_minutes" int not null, "updated_at" timestamptz null, constraint "sla_policies_pkey" primary key ("priority"))',
    );
    this.addSql(
      `insert into "sla_policies" ("priority", "first_response_minutes", "resolution_minutes", "updated_at") values ('urgent', 120, 1440, null), ('high', 240, 2880, null), ('medium', 480, 7200, null), ('low', 1440, 14400, null)`,
    );

    this.addSql(
      'alter table "tickets" add column "first_response_due_at" timestamptz null, add column "resolution_due_at" timestamptz null, ' +
        'add column "sla_paused_at" timestamptz null, add column "sla_paused_seconds" int not null default 0, ' +
        'add column "sla_due_at" timestamptz null, add column "sla_at_risk_at" timestamptz null, add column "sla_alert_at" timestamptz null',
    );

    this.addSql(
      'create table "sla_alerts" ("id" serial primary key, "ticket_id" int not null, "target" varchar(16) not null, "kind" varchar(16) not null, "due_at" timestamptz not null, "raised_at" timestamptz not null)',
    );
    this.addSql(
      'alter table "sla_alerts" add constraint "sla_alerts_ticket_target_kind_unique" unique ("ticket_id", "target", "kind")',
    );
    this.addSql(
      'alter table "sla_alerts" add constraint "sla_alerts_ticket_id_foreign" foreign key ("ticket_id") references "tickets" ("id") on update cascade on delete cascade',
    );

    // Backfill: due times, the stopped resolution clock, then the denormalised columns.
    this.addSql(
      `update "tickets" set "first_response_due_at" = "created_at" + (${FIRST_RESPONSE}) * interval '1 minute', "resolution_due_at" = "created_at" + (${RESOLUTION}) * interval '1 minute', ` +
        `"sla_paused_at" = case "status" when 'resolved' then coalesce("resolved_at", "updated_at") when 'closed' then coalesce("resolved_at", "closed_at", "updated_at") when 'waiting_on_customer' then "updated_at" else null end`,
    );
    this.addSql(
      `update "tickets" set ` +
        `"sla_due_at" = case when ${FIRST_RESPONSE_RUNS} and ${RESOLUTION_RUNS} then least("first_response_due_at", "resolution_due_at") when ${FIRST_RESPONSE_RUNS} then "first_response_due_at" when ${RESOLUTION_RUNS} then "resolution_due_at" else null end, ` +
        `"sla_at_risk_at" = case when ${FIRST_RESPONSE_RUNS} and (not ${RESOLUTION_RUNS} or "first_response_due_at" <= "resolution_due_at") then ${FIRST_RESPONSE_AT_RISK} when ${RESOLUTION_RUNS} then ${RESOLUTION_AT_RISK} else null end, ` +
        `"sla_alert_at" = case when ${FIRST_RESPONSE_RUNS} and ${RESOLUTION_RUNS} then least(${FIRST_RESPONSE_AT_RISK}, ${RESOLUTION_AT_RISK}) when ${FIRST_RESPONSE_RUNS} then ${FIRST_RESPONSE_AT_RISK} when ${RESOLUTION_RUNS} then ${RESOLUTION_AT_RISK} else null end`,
    );
    for (const [target, runs, atRisk, due] of [
      ['first_response', FIRST_RESPONSE_RUNS, FIRST_RESPONSE_AT_RISK, '"first_response_due_at"'],
      ['resolution', RESOLUTION_RUNS, RESOLUTION_AT_RISK, '"resolution_due_at"'],
    ]) {
      for (const [kind, instant] of [
        ['at_risk', atRisk],
        ['breached', due],
      ]) {
        this.addSql(
          `insert into "sla_alerts" ("ticket_id", "target", "kind", "due_at", "raised_at") select "id", '${target}', '${kind}', ${due}, now() from "tickets" where "deleted_at" is null and ${runs} and ${instant} <= now()`,
        );
      }
    }
    this.addSql('create index "tickets_deleted_at_sla_due_at_index" on "tickets" ("deleted_at", "sla_due_at")');
    this.addSql('create index "tickets_sla_alert_at_index" on "tickets" ("sla_alert_at")');

    this.checkTypes('notifications', `${NOTIFICATION_TYPES}, 'sla.at_risk', 'sla.breached'`);
    this.checkTypes('ticket_history', `${HISTORY_TYPES}, 'sla_breached'`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "notifications" where "type" in ('sla.at_risk', 'sla.breached')`);
    this.addSql(`delete from "ticket_history" where "type" = 'sla_breached'`);
    this.checkTypes('notifications', NOTIFICATION_TYPES);
    this.checkTypes('ticket_history', HISTORY_TYPES);
    this.addSql('drop table "sla_alerts"');
    this.addSql(
      'alter table "tickets" drop column "sla_alert_at", drop column "sla_at_risk_at", drop column "sla_due_at", drop column "sla_paused_seconds", ' +
        'drop column "sla_paused_at", drop column "resolution_due_at", drop column "first_response_due_at"',
    );
    this.addSql('drop table "sla_policies"');
  }

  /** Replaces the CHECK constraint of `table.type` (named as PostgreSQL named the inline one). */
  private checkTypes(table: string, types: string): void {
    this.addSql(`alter table "${table}" drop constraint if exists "${table}_type_check"`);
    this.addSql(`alter table "${table}" add constraint "${table}_type_check" check ("type" in (${types}))`);
  }
}
