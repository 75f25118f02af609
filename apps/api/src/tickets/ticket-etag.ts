import { PreconditionFailedException } from '@nestjs/common';

import { ErrorCode } from '@hd/shared/domain';

/**
 * The entity tag of a ticket's version (RFC 9110 section 8.8.3): its id and its row version, as a
 * strong validator, e.g. `"42.3"`. It changes with every edit, status move, assignment and public
 * reply; internal notes change neither what customers see nor this tag.
 */
export function etagOf(ticket: { id: number; version: number }): string {
  return `"${ticket.id}.${ticket.version}"`;
}

/**
 * Checks an `If-Match` header against the ticket's current tag (RFC 9110 section 13.1.1: `*` or a
 * list of strong tags; a weak tag never matches). No header: no check (last write wins, as for
 * clients that do not send it).
 * @throws PreconditionFailedException 412 `PRECONDITION_FAILED` when the ticket changed since the client read it
 */
export function assertIfMatch(ifMatch: string | undefined, ticket: { id: number; version: number }): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const current = etagOf(ticket);
  const tags = ifMatch.split(',').map((tag) => tag.trim());
  if (tags.includes(current)) return;
  throw new PreconditionFailedException({
    message: 'The ticket changed since you loaded it; reload it and apply your change again',
    code: ErrorCode.PreconditionFailed,
  });
}
