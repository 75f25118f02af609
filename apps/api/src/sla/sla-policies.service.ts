import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';

import {
  AuditAction,
  AuditChanges,
  DEFAULT_SLA_POLICIES,
  ErrorCode,
  SlaPolicyListResponse,
  SlaPolicyResponse,
  SlaTargets,
  TICKET_PRIORITIES,
  TicketPriority,
} from '@hd/shared/domain';
import { UpdateSlaPolicyDto } from '@hd/shared/dto';

import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { RedisService } from '../redis/redis.service';
import { SlaPolicy } from './sla-policy.entity';

/** How long a process keeps the policies it read before reading them again, in ms. */
export const SLA_POLICIES_TTL_MS = 5_000;

/** Redis channel on which a replica tells the others to read the policies again. */
const CHANGED_CHANNEL = 'helpdesk:sla-policies:changed';

/** The priorities most urgent first, the order of `GET /api/sla-policies`. */
const MOST_URGENT_FIRST = [...TICKET_PRIORITIES].reverse();

/** Whether `value` names a priority. */
function isPriority(value: string): value is TicketPriority {
  return (TICKET_PRIORITIES as readonly string[]).includes(value);
}

/**
 * The SLA policies (targets per priority, table `sla_policies`): read on every ticket creation and
 * priority change, changed rarely by admins. Kept in memory for {@link SLA_POLICIES_TTL_MS}; a change
 * is seen at once by this process and, with `REDIS_URL`, by every replica (otherwise within the TTL).
 * A priority without a row (never expected: the migration writes all four) has the defaults.
 */
@Injectable()
export class SlaPoliciesService {
  private cached: { value: Promise<SlaPolicy[]>; until: number } | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Optional() @Inject(RedisService) private readonly redis?: RedisService,
  ) {
    this.redis?.subscribe(CHANGED_CHANNEL, () => (this.cached = null));
  }

  /** Every priority's policy, most urgent first. */
  async list(): Promise<SlaPolicyListResponse> {
    const rows = await this.rows();
    return { items: MOST_URGENT_FIRST.map((priority) => toResponse(priority, rows)) };
  }

  /**
   * The targets of `priority`, in minutes. Inside a transaction pass its EntityManager, so a cache
   * miss reads through the transaction's own connection (see `SettingsService.get`).
   */
  async targetsFor(priority: TicketPriority, em?: EntityManager): Promise<SlaTargets> {
    const { firstResponseMinutes, resolutionMinutes } = toResponse(priority, await this.rows(em));
    return { firstResponseMinutes, resolutionMinutes };
  }

  /**
   * Sets both targets of a priority (admins), recorded in the audit log as `sla_policy.updated`
   * with the changed fields (target: `sla_policy`, id the priority's rank, 0 low to 3 urgent).
   * The new targets apply to tickets created after the change, and to a ticket whose priority
   * changes after it; the due times of the others stay as they were computed.
   * @returns the policy after the change
   * @throws NotFoundException 404 `NOT_FOUND` for a name that is not a priority
   */
  async update(priority: string, dto: UpdateSlaPolicyDto, actor: AuthUser): Promise<SlaPolicyResponse> {
    if (!isPriority(priority)) {
      throw new NotFoundException({
        message: `There is no priority '${priority}' (expected one of ${TICKET_PRIORITIES.join(', ')})`,
        code: ErrorCode.NotFound,
      });
    }
    const updated = await this.em.transactional(async (em) => {
      let row = await em.findOne(SlaPolicy, { priority });
      const before = toResponse(priority, row ? [row] : []);
      if (!row) {
        row = em.create(SlaPolicy, { priority, ...DEFAULT_SLA_POLICIES[priority], updatedAt: null });
      }
      const changes: AuditChanges = {};
      for (const field of ['firstResponseMinutes', 'resolutionMinutes'] as const) {
        if (before[field] !== dto[field]) changes[field] = { from: before[field], to: dto[field] };
        row[field] = dto[field];
      }
      if (Object.keys(changes).length) {
        row.updatedAt = this.clock.now();
        this.audit.record({
          actor,
          action: AuditAction.SlaPolicyUpdated,
          target: { type: 'sla_policy', id: TICKET_PRIORITIES.indexOf(priority) },
          changes,
        });
      }
      return toResponse(priority, [row]);
    });
    this.cached = null;
    void this.redis?.publish(CHANGED_CHANNEL, 1);
    return updated;
  }

  private rows(em?: EntityManager): Promise<SlaPolicy[]> {
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.until > now) return this.cached.value;
    const value = (em ?? this.em.fork()).find(SlaPolicy, {});
    const entry = { value, until: now + SLA_POLICIES_TTL_MS };
    this.cached = entry;
    value.catch(() => this.cached === entry && (this.cached = null));
    return value;
  }
}

/** The policy of `priority` among `rows` (the defaults when it has none). */
function toResponse(priority: TicketPriority, rows: readonly SlaPolicy[]): SlaPolicyResponse {
  const row = rows.find((r) => r.priority === priority);
  const targets = row ?? DEFAULT_SLA_POLICIES[priority];
  return {
    priority,
    firstResponseMinutes: targets.firstResponseMinutes,
    resolutionMinutes: targets.resolutionMinutes,
    updatedAt: row?.updatedAt ? row.updatedAt.toISOString() : null,
  };
}
