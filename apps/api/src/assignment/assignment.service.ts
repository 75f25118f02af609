import { EntityManager } from '@mikro-orm/knex';
import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { AssignTicketDto, ErrorCode, Role, TicketResponse, TicketStatus, isStaff } from '@hd/shared/dto';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { toTicketResponse } from '../tickets/ticket.mapper';
import { TicketAssignedEvent, TicketEvents } from '../tickets/ticket.events';
import { TicketsService } from '../tickets/tickets.service';
import { User } from '../users/user.entity';

/** Who works a ticket: assign, reassign, unassign. */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketsService,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Assigns the ticket to `dto.agentId` (omitted: the caller; `null`: nobody). An `open` ticket
   * moves to `in_progress` when someone is assigned.
   * @throws NotFoundException for a ticket the caller may not see (checked first, so a customer learns nothing of others' tickets)
   * @throws ForbiddenException when a customer calls it on their own ticket
   * @throws BadRequestException `INVALID_ASSIGNEE` when the user is unknown, inactive or a customer
   */
  async assign(ticketId: number, dto: AssignTicketDto, user: AuthUser): Promise<TicketResponse> {
    const ticket = await this.tickets.findVisible(ticketId, user);
    if (!isStaff(user.role)) {
      throw new ForbiddenException({
        message: 'Only agents may assign tickets',
        code: ErrorCode.RoleForbidden,
      });
    }
    const assignee = dto.agentId === null ? null : await this.findAssignable(dto.agentId ?? user.id);
    const previousAssignee = ticket.assignee;
    if (previousAssignee?.id === assignee?.id) return toTicketResponse(ticket);
    ticket.assignee = assignee;
    ticket.updatedAt = new Date();
    const event: TicketAssignedEvent = { ticket, actor: user, previousAssignee };
    this.events.emit(TicketEvents.Assigned, event);
    if (assignee && ticket.status === TicketStatus.Open)
      this.tickets.moveTo(ticket, TicketStatus.InProgress, user);
    await this.em.flush();
    return toTicketResponse(ticket);
  }

  private async findAssignable(id: number): Promise<User> {
    const user = await this.em.findOne(User, { id, active: true, role: { $in: [Role.Agent, Role.Admin] } });
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
