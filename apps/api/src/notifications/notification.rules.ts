import { Action, can, isStaff, NotificationType, Role } from '@hd/shared/domain';

/** A user as the recipient rules see them. */
export interface Party {
  id: number;
  role: Role;
  active: boolean;
}

/** What the recipient rules need to know about one ticket event. */
export interface RecipientQuery<P extends Party> {
  type: NotificationType;
  /** Who acted, never a recipient of their own action; null for the helpdesk itself (automation). */
  actor: { id: number; role: Role } | null;
  /** The ticket's customer. */
  customer: P;
  /** The ticket's assignee after the change (for `ticket.assigned`: the new one), or null. */
  assignee: P | null;
  /** Every active agent and admin; read only when {@link needsStaffList} says so. */
  staff: readonly P[];
  /** For `ticket.updated`: the fields that changed. */
  changes?: readonly string[];
}

/** Types that go out by e-mail as well as in-app (to users who did not opt out); `ticket.created` is in-app only. */
export const EMAILED_TYPES: ReadonlySet<NotificationType> = new Set([
  NotificationType.TicketAssigned,
  NotificationType.TicketStatusChanged,
  NotificationType.TicketReplied,
  NotificationType.TicketNoteAdded,
  NotificationType.TicketUpdated,
  NotificationType.SlaAtRisk,
  NotificationType.SlaBreached,
]);

/** The SLA notification types: staff only. */
const SLA_TYPES: ReadonlySet<NotificationType> = new Set([
  NotificationType.SlaAtRisk,
  NotificationType.SlaBreached,
]);

/** `ticket.updated` notifies only for these fields (issue 4: "priority or subject changed"). */
const NOTIFIED_CHANGES = new Set(['subject', 'priority']);

/**
 * Whether {@link recipientsFor} needs the list of active staff: a new ticket, a customer's public
 * reply or an SLA target at risk on a ticket nobody is assigned to, or any SLA breach (admins hear
 * of every one).
 * @param actorRole the actor's role, or null for the helpdesk itself
 */
export function needsStaffList(
  type: NotificationType,
  actorRole: Role | null,
  hasAssignee: boolean,
): boolean {
  return (
    type === NotificationType.TicketCreated ||
    type === NotificationType.SlaBreached ||
    (type === NotificationType.SlaAtRisk && !hasAssignee) ||
    (type === NotificationType.TicketReplied && actorRole !== null && !isStaff(actorRole) && !hasAssignee)
  );
}

/**
 * Who hears of a ticket event (issue 4's table), without the actor, inactive users and duplicates:
 * - `ticket.created`: every active agent and admin (admins work the queue too, as in the assignee picker);
 * - `ticket.assigned`: the new assignee and the customer (unassigning notifies nobody), also when the
 *   helpdesk assigned it by itself;
 * - `ticket.status_changed`: the customer and the assignee (auto-close included);
 * - `ticket.replied`: staff replied: the customer; the customer replied: the assignee, or all staff when unassigned;
 * - `ticket.note_added`: the assignee only; a customer never, whatever the input;
 * - `ticket.updated`: the customer and the assignee, only when the subject or the priority changed;
 * - `sla.at_risk`: the assignee, or all staff when unassigned;
 * - `sla.breached`: the same, and every admin (those who may change the SLA policies and settings).
 * SLA notifications never reach a customer.
 */
export function recipientsFor<P extends Party>(query: RecipientQuery<P>): P[] {
  const { type, actor, customer, assignee, staff } = query;
  let candidates: Array<P | null>;
  switch (type) {
    case NotificationType.TicketCreated:
      candidates = [...staff];
      break;
    case NotificationType.TicketAssigned:
      candidates = assignee ? [assignee, customer] : [];
      break;
    case NotificationType.TicketStatusChanged:
      candidates = [customer, assignee];
      break;
    case NotificationType.TicketReplied:
      candidates = !actor || isStaff(actor.role) ? [customer] : assignee ? [assignee] : [...staff];
      break;
    case NotificationType.TicketNoteAdded:
      candidates = [assignee];
      break;
    case NotificationType.SlaAtRisk:
      candidates = assignee ? [assignee] : [...staff];
      break;
    case NotificationType.SlaBreached:
      candidates = [
        ...(assignee ? [assignee] : staff),
        ...staff.filter((party) => can(party.role, Action.ManageSettings)),
      ];
      break;
    case NotificationType.TicketUpdated:
      candidates = query.changes?.some((field) => NOTIFIED_CHANGES.has(field)) ? [customer, assignee] : [];
      break;
    default:
      candidates = [];
  }
  const seen = new Set<number>();
  return candidates.filter((party): party is P => {
    if (!party || !party.active || party.id === actor?.id || seen.has(party.id)) return false;
    if (type === NotificationType.TicketNoteAdded && !can(party.role, Action.ReadInternalNotes)) return false;
    if (type === NotificationType.TicketCreated && !isStaff(party.role)) return false;
    if (SLA_TYPES.has(type) && !isStaff(party.role)) return false;
    seen.add(party.id);
    return true;
  });
}
