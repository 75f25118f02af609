import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';

import { Action, PermissionContext, TicketFacts, evaluatePermission, relationTo } from '@hd/shared/domain';

import { AuthUser } from './decorators/current-user.decorator';

/** The ids of a ticket's customer and assignee, as the API's entities and references carry them. */
type TicketWithParties = TicketFacts & {
  customer: { id: number } | number;
  assignee?: { id: number } | number | null;
};

const EXCEPTIONS = {
  400: BadRequestException,
  403: ForbiddenException,
  404: NotFoundException,
  409: ConflictException,
} as const;

/**
 * Enforces one cell of the permission table (`PERMISSIONS` of `@hd/shared/domain`) for `user`,
 * on `ticket` when the action concerns one (its state and the user's relation to it decide
 * conditional cells). Visibility comes first: call it after `TicketsService.findVisible`.
 * @throws ForbiddenException 403 `ROLE_FORBIDDEN` when the role may never take the action
 * @throws NotFoundException 404 when the user does not stand to the ticket as the rule needs
 * @throws ConflictException 409 / BadRequestException 400 with the cell's code when the ticket's state forbids it
 */
export function assertAllowed(action: Action, user: AuthUser, ticket?: TicketWithParties): void {
  const context: PermissionContext = ticket ? { ticket, relation: relationTo(ticket, user.id) } : {};
  const verdict = evaluatePermission(action, user.role, context);
  if (verdict.allowed) return;
  throw new EXCEPTIONS[verdict.httpStatus]({ message: verdict.message, code: verdict.code });
}
