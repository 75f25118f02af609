import { FilterQuery } from '@mikro-orm/core';

import { Action, can } from '@hd/shared/domain';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { Reply } from './reply.entity';

/**
 * The replies of `ticketId` that `user` may read: everything for staff, public replies only for
 * customers (internal notes never reach a customer, in any response). The one place of this rule.
 */
export function visibleReplies(ticketId: number, user: AuthUser): FilterQuery<Reply> {
  return can(user.role, Action.ReadInternalNotes)
    ? { ticket: ticketId }
    : { ticket: ticketId, internal: false };
}

/** Thread order: oldest first, ties broken by id so replies in one millisecond keep their order. */
export const THREAD_ORDER = { createdAt: 'asc', id: 'asc' } as const;
