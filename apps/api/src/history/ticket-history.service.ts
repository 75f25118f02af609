import { EntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';

import { Action, can, TicketHistoryResponse } from '@hd/shared/domain';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { TicketRef } from '../common/pipes/parse-ticket-ref.pipe';
import { TicketsService } from '../tickets/tickets.service';
import { TicketHistoryEvent } from './ticket-history-event.entity';
import { toHistoryEventResponse } from './ticket-history.mapper';

/** Reads a ticket's history. */
@Injectable()
export class TicketHistoryService {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketsService,
  ) {}

  /**
   * The changes of ticket `ref` that `user` may see, oldest first: everything for staff; for the
   * ticket's customer everything except internal-note events.
   * @throws NotFoundException 404 for a ticket `user` may not see (the same as a missing one)
   */
  async list(ref: TicketRef, user: AuthUser): Promise<TicketHistoryResponse> {
    const ticket = await this.tickets.findVisible(ref, user);
    const events = await this.em.find(
      TicketHistoryEvent,
      can(user.role, Action.ReadInternalNotes) ? { ticket } : { ticket, internal: false },
      { populate: ['actor'], orderBy: { at: 'asc', id: 'asc' } },
    );
    return { items: events.map(toHistoryEventResponse) };
  }
}
