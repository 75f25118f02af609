/** What a ticket history event records. */
export enum TicketHistoryType {
  Created = 'created',
  StatusChanged = 'status_changed',
  PriorityChanged = 'priority_changed',
  CategoryChanged = 'category_changed',
  Assigned = 'assigned',
  Unassigned = 'unassigned',
  /** One edited field (`field`: subject, description, contactNumber or affectedItem). */
  Edited = 'edited',
  ReplyAdded = 'reply_added',
  InternalNoteAdded = 'internal_note_added',
  Deleted = 'deleted',
  /** An SLA target passed its due time unmet (a system event, staff only): `field` is the target (`first_response`, `resolution`), `to` its due time. */
  SlaBreached = 'sla_breached',
}

/** The ticket fields whose edits are recorded as {@link TicketHistoryType.Edited} events. */
export const EDITED_FIELDS = ['subject', 'description', 'contactNumber', 'affectedItem'] as const;
/** One of {@link EDITED_FIELDS}. */
export type EditedField = (typeof EDITED_FIELDS)[number];
