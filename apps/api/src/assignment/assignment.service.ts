import { EntityManager } from '@mikro-orm/knex';
import { BadRequestException, Injectable } from '@nestjs/common';

import { Action, ErrorCode, rolesAllowedTo, TicketResponse } from '@hd/shared/domain';
import { AssignTicketDto } from '@hd/shared/dto';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { assertAllowed } from '../common/permissions';
import { TicketRef } from '../common/pipes/parse-ticket-ref.pipe';
import { TicketsService } from '../tickets/tickets.service';
import { User } from '../users/user.entity';

/** Who works a ticket: assign, reassign, unassign. */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketsService,
  ) {}

  /**
   * Assigns the ticket to `dto.agentId` (omitted: the caller; `null`: nobody). An `open` ticket
   * moves on as the workflow's automatic moves say (`open` to `in_progress`) when someone is assigned.
   * @throws NotFoundException for a ticket the caller may not see (checked first, so a customer learns nothing of others' tickets)
   * @throws ForbiddenException when a customer calls it on their own ticket
   * @throws BadRequestException `INVALID_ASSIGNEE` when the user is unknown, inactive or a customer
   */
  async assign(ticketId: TicketRef, dto: AssignTicketDto, user: AuthUser): Promise<TicketResponse> {
    const ticket = await this.tickets.findVisible(ticketId, user);
    assertAllowed(Action.AssignTicket, user, ticket);
    const assignee = dto.agentId === null ? null : await this.findAssignable(dto.agentId ?? user.id);
    if (ticket.assignee?.id === assignee?.id) return this.tickets.toResponse(ticket, user);
    await this.tickets.assignTo(ticket, assignee, user);
    await this.em.flush();
    return this.tickets.toResponse(ticket, user);
  }

  private async findAssignable(id: number): Promise<User> {
    const user = await this.em.findOne(User, {
      id,
      active: true,
      role: { $in: rolesAllowedTo(Action.BeAssigned) },
    });
    if (!user) {
      throw new BadRequestException({
        message: `User ${id} is not an active agent or admin`,
        code: ErrorCode.InvalidAssignee,
        errors: { agentId: ['must be the id of an active agent or admin'] },
      });
    }
    return user;
  }
}
