import { Migration } from '@mikro-orm/migrations';

/** Now, in ms since the epoch (how MikroORM stores dates on SQLite). */
const NOW = `cast(round((julianday('now') - 2440587.5) * 86400000) as integer)`;

/** The at-risk threshold of the settings (`sla.atRiskThreshold`), 0.8 when never set. */
const THRESHOLD = `coalesce((select json_extract(\`value\`, '$.atRiskThreshold') from \`settings\` where \`key\` = 'sla'), 0.8)`;

/** The default targets in minutes by priority rank (0 low .. 3 urgent), as seeded below. */
const FIRST_RESPONSE = 'case `priority` when 3 then 120 when 2 then 240 when 1 then 480 else 1440 end';
const RESOLUTION = 'case `priority` when 3 then 1440 when 2 then 2880 when 1 then 7200 else 14400 end';

/** Whether each clock runs (see `runningTargets` in `@hd/shared/domain`). */
const FIRST_RESPONSE_RUNS = "(`first_response_at` is null and `status` not in ('resolved', 'closed'))";
const RESOLUTION_RUNS = '(`sla_paused_at` is null)';

/** When each target passes the at-risk threshold (24/7, no pauses: the backfill's arithmetic). */
const FIRST_RESPONSE_AT_RISK = `(\`created_at\` + cast(round(${THRESHOLD} * (\`first_response_due_at\` - \`created_at\`)) as integer))`;
const RESOLUTION_AT_RISK = `(\`created_at\` + cast(round(${THRESHOLD} * (\`resolution_due_at\` - \`created_at\`)) as integer))`;

/** The notification types before and after this migration. */
const NOTIFICATION_TYPES = `'ticket.created', 'ticket.assigned', 'ticket.status_changed', 'ticket.replied', 'ticket.note_added', 'ticket.updated'`;
const HISTORY_TYPES = `'created', 'status_changed', 'priority_changed', 'category_changed', 'assigned', 'unassigned', 'edited', 'reply_added', 'internal_note_added', 'deleted'`;

/**
 * Service levels: the `sla_policies` table (one row per priority, seeded with the defaults: urgent
 * 2 h / 24 h, high 4 h / 48 h, medium 8 h / 5 days, low 24 h / 10 days), the tickets' SLA columns
 * with the queue's (deleted_at, sla_due_at) index and the alert job's sla_alert_at index, the
 * `sla_alerts` table (one row per ticket, target and kind raised), and the new notification and
 * history types in the CHECK lists of `notifications.type` and `ticket_history.type` (SQLite
 * cannot alter a CHECK constraint: both tables are rebuilt, rows and indexes kept).
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
      'create table `sla_policies` (`priority` text not null, `first_response_minutes` integer not null, `resolution_minutes` integer not null, `updated_at` datetime null, primary key (`priority`))',
    );
    this.addSql(
      "insert into `sla_policies` (`priority`, `first_response_minutes`, `resolution_minutes`, `updated_at`) values ('urgent', 120, 1440, null), ('high', 240, 2880, null), ('medium', 480, 7200, null), ('low', 1440, 14400, null)",
    );

    for (const column of [
      '`first_response_due_at` datetime null',
      '`resolution_due_at` datetime null',
      '`sla_paused_at` datetime null',
      '`sla_paused_seconds` integer not null default 0',
      '`sla_due_at` datetime null',
      '`sla_at_risk_at` datetime null',
      '`sla_alert_at` datetime null',
    ])
      this.addSql(`alter table \`tickets\` add column ${column}`);

    this.addSql(
      'create table `sla_alerts` (`id` integer not null primary key autoincrement, `ticket_id` integer not null, `target` text not null, `kind` text not null, `due_at` datetime not null, `raised_at` datetime not null, constraint `sla_alerts_ticket_id_foreign` foreign key(`ticket_id`) references `tickets`(`id`) on delete cascade on update cascade)',
    );
    this.addSql(
      'create unique index `sla_alerts_ticket_target_kind_unique` on `sla_alerts` (`ticket_id`, `target`, `kind`)',
    );

    // Backfill: due times, the stopped resolution clock, then the denormalised columns.
    this.addSql(
      `update \`tickets\` set \`first_response_due_at\` = \`created_at\` + (${FIRST_RESPONSE}) * 60000, \`resolution_due_at\` = \`created_at\` + (${RESOLUTION}) * 60000, ` +
        "`sla_paused_at` = case `status` when 'resolved' then coalesce(`resolved_at`, `updated_at`) when 'closed' then coalesce(`resolved_at`, `closed_at`, `updated_at`) when 'waiting_on_customer' then `updated_at` else null end",
    );
    this.addSql(
      `update \`tickets\` set ` +
        `\`sla_due_at\` = case when ${FIRST_RESPONSE_RUNS} and ${RESOLUTION_RUNS} then min(\`first_response_due_at\`, \`resolution_due_at\`) when ${FIRST_RESPONSE_RUNS} then \`first_response_due_at\` when ${RESOLUTION_RUNS} then \`resolution_due_at\` else null end, ` +
        `\`sla_at_risk_at\` = case when ${FIRST_RESPONSE_RUNS} and (not ${RESOLUTION_RUNS} or \`first_response_due_at\` <= \`resolution_due_at\`) then ${FIRST_RESPONSE_AT_RISK} when ${RESOLUTION_RUNS} then ${RESOLUTION_AT_RISK} else null end, ` +
        `\`sla_alert_at\` = case when ${FIRST_RESPONSE_RUNS} and ${RESOLUTION_RUNS} then min(${FIRST_RESPONSE_AT_RISK}, ${RESOLUTION_AT_RISK}) when ${FIRST_RESPONSE_RUNS} then ${FIRST_RESPONSE_AT_RISK} when ${RESOLUTION_RUNS} then ${RESOLUTION_AT_RISK} else null end`,
    );
    for (const [target, runs, atRisk, due] of [
      ['first_response', FIRST_RESPONSE_RUNS, FIRST_RESPONSE_AT_RISK, '`first_response_due_at`'],
      ['resolution', RESOLUTION_RUNS, RESOLUTION_AT_RISK, '`resolution_due_at`'],
    ]) {
      for (const [kind, instant] of [
        ['at_risk', atRisk],
        ['breached', due],
      ]) {
        this.addSql(
          `insert into \`sla_alerts\` (\`ticket_id\`, \`target\`, \`kind\`, \`due_at\`, \`raised_at\`) select \`id\`, '${target}', '${kind}', ${due}, ${NOW} from \`tickets\` where \`deleted_at\` is null and ${runs} and ${instant} <= ${NOW}`,
        );
      }
    }
    this.addSql(
      'create index `tickets_deleted_at_sla_due_at_index` on `tickets` (`deleted_at`, `sla_due_at`)',
    );
    this.addSql('create index `tickets_sla_alert_at_index` on `tickets` (`sla_alert_at`)');

    this.rebuildNotifications(`${NOTIFICATION_TYPES}, 'sla.at_risk', 'sla.breached'`);
    this.rebuildHistory(`${HISTORY_TYPES}, 'sla_breached'`);
  }

  override async down(): Promise<void> {
    this.addSql("delete from `notifications` where `type` in ('sla.at_risk', 'sla.breached')");
    this.addSql("delete from `ticket_history` where `type` = 'sla_breached'");
    this.rebuildNotifications(NOTIFICATION_TYPES);
    this.rebuildHistory(HISTORY_TYPES);
    this.addSql('drop table `sla_alerts`');
    this.addSql('drop index `tickets_sla_alert_at_index`');
    this.addSql('drop index `tickets_deleted_at_sla_due_at_index`');
    for (const column of [
      'sla_alert_at',
      'sla_at_risk_at',
      'sla_due_at',
      'sla_paused_seconds',
      'sla_paused_at',
      'resolution_due_at',
      'first_response_due_at',
    ])
      this.addSql(`alter table \`tickets\` drop column \`${column}\``);
    this.addSql('drop table `sla_policies`');
  }

  /** `notifications` again with `types` as the CHECK list of `type` (nothing references the table). */
  private rebuildNotifications(types: string): void {
    this.addSql(
      `create table \`notifications_rebuilt\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`type\` text check (\`type\` in (${types})) not null, \`ticket_id\` integer not null, \`title\` text not null, \`body\` text not null, \`created_at\` datetime not null, \`read_at\` datetime null, constraint \`notifications_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`notifications_ticket_id_foreign\` foreign key(\`ticket_id\`) references \`tickets\`(\`id\`) on delete cascade on update cascade)`,
    );
    this.addSql(
      'insert into `notifications_rebuilt` (`id`, `user_id`, `type`, `ticket_id`, `title`, `body`, `created_at`, `read_at`) select `id`, `user_id`, `type`, `ticket_id`, `title`, `body`, `created_at`, `read_at` from `notifications`',
    );
    this.addSql('drop table `notifications`');
    this.addSql('alter table `notifications_rebuilt` rename to `notifications`');
    this.addSql('create index `notifications_ticket_id_index` on `notifications` (`ticket_id`)');
    this.addSql(
      'create index `notifications_user_created_index` on `notifications` (`user_id`, `created_at`)',
    );
    this.addSql(
      'create index `notifications_user_read_created_index` on `notifications` (`user_id`, `read_at`, `created_at`)',
    );
  }

  /** `ticket_history` again with `types` as the CHECK list of `type` (nothing references the table). */
  private rebuildHistory(types: string): void {
    this.addSql(
      `create table \`ticket_history_rebuilt\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`at\` datetime not null, \`actor_id\` integer null, \`system\` integer not null default false, \`type\` text check (\`type\` in (${types})) not null, \`field\` text null, \`from_value\` text null, \`to_value\` text null, \`internal\` integer not null default false, constraint \`ticket_history_ticket_id_foreign\` foreign key(\`ticket_id\`) references \`tickets\`(\`id\`) on delete cascade on update cascade, constraint \`ticket_history_actor_id_foreign\` foreign key(\`actor_id\`) references \`users\`(\`id\`) on delete set null on update cascade)`,
    );
    this.addSql(
      'insert into `ticket_history_rebuilt` (`id`, `ticket_id`, `at`, `actor_id`, `system`, `type`, `field`, `from_value`, `to_value`, `internal`) select `id`, `ticket_id`, `at`, `actor_id`, `system`, `type`, `field`, `from_value`, `to_value`, `internal` from `ticket_history`',
    );
    this.addSql('drop table `ticket_history`');
    this.addSql('alter table `ticket_history_rebuilt` rename to `ticket_history`');
    this.addSql('create index `ticket_history_ticket_id_index` on `ticket_history` (`ticket_id`)');
    this.addSql('create index `ticket_history_actor_id_index` on `ticket_history` (`actor_id`)');
    this.addSql('create index `ticket_history_ticket_at_index` on `ticket_history` (`ticket_id`, `at`)');
  }
}
