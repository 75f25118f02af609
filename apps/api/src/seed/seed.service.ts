import { EntityManager } from '@mikro-orm/knex';
import { Injectable, Logger } from '@nestjs/common';

import {
  AVAILABLE_BY_DEFAULT,
  DEFAULT_SLA_POLICIES,
  defaultSettings,
  isStaff,
  newSlaClock,
  Role,
  SLA_TARGETS,
  SlaAlertKind,
  SlaTarget,
  slaSchedule,
  stopsResolutionClock,
  TicketHistoryType,
  TicketCategory,
  TicketPriority,
  TicketStatus,
} from '@hd/shared/domain';

import { PasswordService } from '../auth/password.service';
import { Reply } from '../replies/reply.entity';
import { TicketHistoryEvent } from '../history/ticket-history-event.entity';
import { SlaAlert } from '../sla/sla-alert.entity';
import { writeDurations, writeSla } from '../tickets/ticket-sla';
import { TicketNumbers } from '../tickets/ticket-numbers.service';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';

/** The demo accounts named in the README. Their passwords bypass the strength rule on purpose. */
export const DEMO_USERS = [
  { email: 'admin@example.com', password: 'admin123', firstName: 'Ada', lastName: 'Admin', role: Role.Admin },
  {
    email: 'agent@example.com',
    password: 'agent123',
    firstName: 'Alex',
    lastName: 'Agent',
    role: Role.Agent,
  },
  {
    email: 'agent2@example.com',
    password: 'agent123',
    firstName: 'Sam',
    lastName: 'Support',
    role: Role.Agent,
  },
  {
    email: 'customer@example.com',
    password: 'customer123',
    firstName: 'Casey',
    lastName: 'Customer',
    role: Role.Customer,
  },
  {
    email: 'customer2@example.com',
    password: 'customer123',
    firstName: 'Robin',
    lastName: 'Buyer',
    role: Role.Customer,
  },
] as const;

type Email = (typeof DEMO_USERS)[number]['email'];

interface SeedTicket {
  customer: Email;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: TicketCategory;
  assignee?: Email;
  /** How long ago it was opened, in hours. */
  ageHours: number;
  thread?: Array<{ author: Email; content: string; internal?: boolean }>;
}

const TICKETS: SeedTicket[] = [
  {
    customer: 'customer@example.com',
    subject: 'Cannot download my invoice',
    description: 'The "Download PDF" button on the billing page does nothing in Firefox.',
    status: TicketStatus.Open,
    priority: TicketPriority.High,
    category: TicketCategory.Billing,
    ageHours: 2,
  },
  {
    customer: 'customer@example.com',
    subject: 'Two-factor codes are rejected',
    description: 'Since this morning every code from my authenticator app is refused.',
    status: TicketStatus.InProgress,
    priority: TicketPriority.Urgent,
    category: TicketCategory.Account,
    assignee: 'agent@example.com',
    ageHours: 5,
    thread: [
      {
        author: 'agent@example.com',
        content: 'Sorry about that. Is the clock on your phone set automatically?',
      },
      { author: 'customer@example.com', content: 'Yes, it is set automatically.' },
      {
        author: 'agent@example.com',
        content: 'Clock drift ruled out; escalating to the identity team.',
        internal: true,
      },
    ],
  },
  {
    customer: 'customer@example.com',
    subject: 'Export of reports to CSV',
    description: 'It would help us a lot to export the monthly report as CSV.',
    status: TicketStatus.WaitingOnCustomer,
    priority: TicketPriority.Low,
    category: TicketCategory.FeatureRequest,
    assignee: 'agent2@example.com',
    ageHours: 30,
    thread: [
      {
        author: 'agent2@example.com',
        content: 'Thanks for the idea. Which columns would you need in the export?',
      },
    ],
  },
  {
    customer: 'customer@example.com',
    subject: 'App crashes when uploading a photo',
    description: 'The Android app closes as soon as I pick a photo larger than 10 MB.',
    status: TicketStatus.Resolved,
    priority: TicketPriority.Medium,
    category: TicketCategory.Technical,
    assignee: 'agent@example.com',
    ageHours: 72,
    thread: [
      {
        author: 'agent@example.com',
        content: 'Version 4.2.1 fixes large uploads; could you update and try again?',
      },
      { author: 'customer@example.com', content: 'Updated, it works now. Thanks!' },
    ],
  },
  {
    customer: 'customer@example.com',
    subject: 'Change the e-mail address of my account',
    description: 'I moved to a new company address and would like to change my login e-mail.',
    status: TicketStatus.Closed,
    priority: TicketPriority.Low,
    category: TicketCategory.General,
    assignee: 'agent2@example.com',
    ageHours: 120,
    thread: [{ author: 'agent2@example.com', content: 'Done: your account now uses the new address.' }],
  },
  {
    customer: 'customer2@example.com',
    subject: 'Charged twice for November',
    description: 'My card statement shows two charges of 49 EUR on the same day.',
    status: TicketStatus.Open,
    priority: TicketPriority.High,
    category: TicketCategory.Billing,
    ageHours: 1,
  },
];

/** Seeds the demo accounts and tickets into a database that has none of them; running it again changes nothing. */
@Injectable()
export class SeedService {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly em: EntityManager,
    private readonly passwords: PasswordService,
    private readonly numbers: TicketNumbers,
  ) {}

  /**
   * A demo ticket's SLA clock as if it had lived through its story on the default policies and
   * 24/7 (stopped at its last change when it waits, is resolved or closed). Its alerts count as
   * raised: the demo tickets are history, so starting the demo (or a test that moves the clock)
   * sends no SLA alert about them.
   */
  private startSla(tx: EntityManager, ticket: Ticket): void {
    const { businessHours, sla } = defaultSettings();
    let clock = newSlaClock(ticket.createdAt, DEFAULT_SLA_POLICIES[ticket.priority], businessHours);
    if (stopsResolutionClock(ticket.status)) clock = { ...clock, pausedAt: ticket.updatedAt };
    writeSla(ticket, clock, slaSchedule(ticket, clock, businessHours, sla.atRiskThreshold));
    writeDurations(ticket, businessHours, ticket.resolvedAt !== null);
    for (const target of SLA_TARGETS) {
      for (const kind of [SlaAlertKind.AtRisk, SlaAlertKind.Breached]) {
        tx.create(SlaAlert, {
          ticket,
          target,
          kind,
          dueAt: target === SlaTarget.FirstResponse ? clock.firstResponseDueAt : clock.resolutionDueAt,
          raisedAt: ticket.createdAt,
        });
      }
    }
  }

  /** Seeds when the admin demo account does not exist yet; returns whether it seeded. */
  async seed(): Promise<boolean> {
    const em = this.em.fork();
    if (await em.count(User, { email: DEMO_USERS[0].email })) return false;
    await em.transactional(async (tx) => {
      const users = new Map<string, User>();
      const user = (email: Email): User => {
        const found = users.get(email);
        if (!found) throw new Error(`Seed data names unknown user ${email}`);
        return found;
      };
      for (const demo of DEMO_USERS) {
        const created = tx.create(User, {
          email: demo.email,
          firstName: demo.firstName,
          lastName: demo.lastName,
          role: demo.role,
          passwordHash: await this.passwords.hash(demo.password),
          active: true,
          available: AVAILABLE_BY_DEFAULT[demo.role],
          createdAt: new Date(),
          updatedAt: new Date(),
        });
        users.set(demo.email, created);
      }
      // Oldest first, so the numbers of one day follow the order of creation.
      for (const seed of [...TICKETS].sort((a, b) => b.ageHours - a.ageHours)) {
        const openedAt = new Date(Date.now() - seed.ageHours * 3_600_000);
        const ticket = tx.create(Ticket, {
          number: await this.numbers.next(tx, openedAt),
          subject: seed.subject,
          description: seed.description,
          status: seed.status,
          priority: seed.priority,
          category: seed.category,
          customer: user(seed.customer),
          assignee: seed.assignee ? user(seed.assignee) : null,
          createdAt: openedAt,
          updatedAt: openedAt,
        });
        const history = (type: TicketHistoryType, actor: User, at: Date, to: string | null = null): void => {
          tx.create(TicketHistoryEvent, {
            ticket,
            at,
            actor,
            system: false,
            type,
            toValue: to,
            internal: type === TicketHistoryType.InternalNoteAdded,
          });
        };
        history(TicketHistoryType.Created, ticket.customer, openedAt);
        if (ticket.assignee) {
          history(
            TicketHistoryType.Assigned,
            ticket.assignee,
            new Date(openedAt.getTime() + 10 * 60_000),
            ticket.assignee.name,
          );
        }
        (seed.thread ?? []).forEach((message, index) => {
          const at = new Date(openedAt.getTime() + (index + 1) * 20 * 60_000);
          const author = user(message.author);
          tx.create(Reply, {
            ticket,
            author,
            content: message.content,
            internal: message.internal ?? false,
            createdAt: at,
          });
          history(
            message.internal ? TicketHistoryType.InternalNoteAdded : TicketHistoryType.ReplyAdded,
            author,
            at,
          );
          ticket.updatedAt = at;
          if (isStaff(author.role) && !message.internal && !ticket.firstResponseAt)
            ticket.firstResponseAt = at;
        });
        if (seed.status === TicketStatus.Resolved || seed.status === TicketStatus.Closed)
          ticket.resolvedAt = ticket.updatedAt;
        if (seed.status === TicketStatus.Closed) ticket.closedAt = ticket.updatedAt;
        this.startSla(tx, ticket);
      }
    });
    this.logger.log(`Seeded ${DEMO_USERS.length} demo users and ${TICKETS.length} tickets`);
    return true;
  }
}
