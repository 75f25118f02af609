import { FilterQuery } from '@mikro-orm/core';

import { Action, can } from '@hd/shared/domain';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { Attachment } from './attachment.entity';

/**
 * The attachments of `ticketId` that `user` may see (the caller has checked the ticket itself):
 * everything for staff; for the customer, all but `internal` ones (on an internal note, or
 * uploaded by staff and not sent with a public reply yet). The one place of this rule.
 */
export function visibleAttachments(ticketId: number, user: AuthUser): FilterQuery<Attachment> {
  return can(user.role, Action.ReadInternalNotes)
    ? { ticket: ticketId }
    : { ticket: ticketId, internal: false };
}
