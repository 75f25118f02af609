import { Migration } from '@mikro-orm/migrations';

/** The covering indexes of the reports: each period count and duration is read from one index alone. */
const INDEXES: Array<[name: string, columns: string[]]> = [
  [
    'tickets_report_resolved_at_index',
    ['deleted_at', 'resolved_at', 'status', 'created_at', 'assignee_id', 'resolution_due_at'],
  ],
  [
    'tickets_report_closed_at_index',
    ['deleted_at', 'closed_at', 'status', 'resolved_at', 'created_at', 'assignee_id', 'resolution_due_at'],
  ],
  [
    'tickets_report_first_response_at_index',
    ['deleted_at', 'first_response_at', 'created_at', 'assignee_id', 'first_response_due_at'],
  ],
  [
    'tickets_report_first_response_due_at_index',
    ['deleted_at', 'first_response_due_at', 'first_response_at', 'assignee_id'],
  ],
  [
    'tickets_report_resolution_due_at_index',
    ['deleted_at', 'resolution_due_at', 'status', 'resolved_at', 'closed_at', 'assignee_id'],
  ],
];

/**
 * Reports over a year of 1,000,000 tickets: per period, tickets created (the existing
 * `(deleted_at, created_at)` index), resolved, closed, first responses and SLA targets met or missed
 * are counted, and their durations sorted, from covering indexes; reopenings from a partial index of
 * `ticket_history` that holds only them. Statistics are refreshed after (see
 * `Migration20261127600000TicketStatistics`: a new index without statistics misleads the planner).
 */
export class Migration20261127970000ReportIndexes extends Migration {
  override async up(): Promise<void> {
    for (const [name, columns] of INDEXES) {
      this.addSql(`create index "${name}" on "tickets" (${columns.map((c) => `"${c}"`).join(', ')})`);
    }
    this.addSql(
      'create index "ticket_history_reopened_at_index" on "ticket_history" ("at", "ticket_id") where "type" = \'status_changed\' and "to_value" = \'reopened\'',
    );
    this.addSql('analyze "tickets"');
    this.addSql('analyze "ticket_history"');
  }

  override async down(): Promise<void> {
    this.addSql('drop index "ticket_history_reopened_at_index"');
    for (const [name] of [...INDEXES].reverse()) this.addSql(`drop index "${name}"`);
  }
}
