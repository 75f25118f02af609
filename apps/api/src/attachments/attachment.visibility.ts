import { FilterQuery } from '@mikro-orm/core';

import { Action, can } from '@hd/shared/domain';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { Ticket } from '../tickets/ticket.entity';
import { Attachment } from './attachment.entity';

/**
 * The attachments that `user` may see on the ticket `ticket` (an id, when the caller has checked
 * the ticket itself) or on the tickets it matches (a condition on the ticket, for a look-up by the
 * attachment's id): everything for staff; for the customer, all but `internal` ones (on an internal
 * note, or uploaded by staff and not sent with a public reply yet). The one place of this rule:
 * listings, the thread and downloads all go through it.
 */
export function visibleAttachments(
  ticket: number | FilterQuery<Ticket>,
  user: AuthUser,
): FilterQuery<Attachment> {
  return can(user.role, Action.ReadInternalNotes) ? { ticket } : { ticket, internal: false };
}
