import { Migration } from '@mikro-orm/migrations';

/** The two covering indexes that now end with the duration they give (see `Ticket.firstResponseMinutes`). */
const INDEXES: Array<[name: string, before: string[], after: string[]]> = [
  [
    'tickets_report_resolved_at_index',
    ['deleted_at', 'resolved_at', 'status', 'created_at', 'assignee_id', 'resolution_due_at'],
    ['deleted_at', 'resolved_at', 'status', 'created_at', 'assignee_id', 'resolution_due_at', 'resolution_minutes'],
  ],
  [
    'tickets_report_first_response_at_index',
    ['deleted_at', 'first_response_at', 'created_at', 'assignee_id', 'first_response_due_at'],
    ['deleted_at', 'first_response_at', 'created_at', 'assignee_id', 'first_response_due_at', 'first_response_minutes'],
  ],
];

const columns = (names: string[]): string => names.map((c) => `"${c}"`).join(', ');

/**
 * Reports give durations in business minutes when business hours are on: the minutes from creation
 * to the first response and to the (latest) resolution are worked out when they happen, under the
 * business hours of that moment, and kept on the ticket. Tickets from before get wall-clock minutes,
 * as reports gave them until now.
 */
export class Migration20261127980000ReportDurations extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "tickets" add column "first_response_minutes" double precision null');
    this.addSql('alter table "tickets" add column "resolution_minutes" double precision null');
    this.addSql(
      'update "tickets" set "first_response_minutes" = extract(epoch from ("first_response_at" - "created_at")) / 60 where "first_response_at" is not null',
    );
    this.addSql(
      'update "tickets" set "resolution_minutes" = extract(epoch from ("resolved_at" - "created_at")) / 60 where "resolved_at" is not null',
    );
    for (const [name, , after] of INDEXES) {
      this.addSql(`drop index "${name}"`);
      this.addSql(`create index "${name}" on "tickets" (${columns(after)})`);
    }
    this.addSql('analyze "tickets"');
  }

  override async down(): Promise<void> {
    for (const [name, before] of INDEXES) {
      this.addSql(`drop index "${name}"`);
      this.addSql(`create index "${name}" on "tickets" (${columns(before)})`);
    }
    this.addSql('alter table "tickets" drop column "resolution_minutes"');
    this.addSql('alter table "tickets" drop column "first_response_minutes"');
  }
}
