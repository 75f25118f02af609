import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { AuditAction, AuditChanges, defaultSettings, HelpdeskSettings } from '@hd/shared/domain';
import { UpdateSettingsDto } from '@hd/shared/dto';

import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { RedisService } from '../redis/redis.service';
import { Setting } from './setting.entity';

/** How long a process keeps the settings it read before reading them again, in ms. */
export const SETTINGS_TTL_MS = 5_000;

/** Redis channel on which a replica tells the others to read the settings again. */
const CHANGED_CHANNEL = 'helpdesk:settings:changed';

/** Event emitted (after the commit) when an admin changed the settings; payload: the new {@link HelpdeskSettings}. */
export const SETTINGS_UPDATED_EVENT = 'settings.updated';

type Section = keyof HelpdeskSettings;
const SECTIONS: readonly Section[] = ['businessHours', 'sla', 'assignment', 'autoClose'];

/**
 * The helpdesk's settings: read often (every ticket creation and SLA computation), changed rarely
 * by admins. Kept in memory for {@link SETTINGS_TTL_MS}; a change is seen at once by this process
 * and, with `REDIS_URL`, by every replica (otherwise within the TTL).
 */
@Injectable()
export class SettingsService {
  private cached: { value: Promise<HelpdeskSettings>; until: number } | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: EventEmitter2,
    @Optional() @Inject(RedisService) private readonly redis?: RedisService,
  ) {
    this.redis?.subscribe(CHANGED_CHANNEL, () => (this.cached = null));
  }

  /**
   * The current settings (defaults for the sections never changed). Inside a transaction (a flush
   * listener), pass its EntityManager: a cache miss then reads through the connection the transaction
   * holds instead of waiting for a second one from the pool, which concurrent transactions could
   * exhaust between them.
   */
  get(em?: EntityManager): Promise<HelpdeskSettings> {
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.until > now) return this.cached.value;
    const value = this.read(em);
    const entry = { value, until: now + SETTINGS_TTL_MS };
    this.cached = entry;
    value.catch(() => this.cached === entry && (this.cached = null));
    return value;
  }

  /**
   * Applies an admin's change: each section given is merged field by field (`week` and `holidays`
   * replaced whole), stored, and recorded in the audit log (`settings.updated`, one entry with the
   * changed fields as `section.field`).
   * @returns the settings after the change
   */
  async update(change: UpdateSettingsDto, actor: AuthUser): Promise<HelpdeskSettings> {
    const after = await this.em.transactional(async (em) => {
      const rows = await em.find(Setting, {});
      const before = merge(rows);
      const next = structuredClone(before);
      const changes: AuditChanges = {};
      for (const section of SECTIONS) {
        const fields = change[section] as Record<string, unknown> | undefined;
        if (!fields) continue;
        const target = next[section] as unknown as Record<string, unknown>;
        const old = before[section] as unknown as Record<string, unknown>;
        for (const [field, value] of Object.entries(fields)) {
          if (value === undefined) continue;
          const plain = JSON.parse(JSON.stringify(value)) as unknown;
          if (field === 'holidays' && Array.isArray(plain)) plain.sort();
          target[field] = plain;
          if (JSON.stringify(old[field]) !== JSON.stringify(plain))
            changes[`${section}.${field}`] = { from: old[field], to: plain };
        }
        const row = rows.find((r) => r.key === section);
        const value = JSON.stringify(next[section]);
        if (row) {
          row.value = value;
          row.updatedAt = this.clock.now();
        } else {
          em.persist(em.create(Setting, { key: section, value, updatedAt: this.clock.now() }));
        }
      }
      if (Object.keys(changes).length) {
        this.audit.record({
          actor,
          action: AuditAction.SettingsUpdated,
          target: { type: 'settings', id: 0 },
          changes,
        });
      }
      return next;
    });
    this.cached = { value: Promise.resolve(after), until: this.clock.now().getTime() + SETTINGS_TTL_MS };
    void this.redis?.publish(CHANGED_CHANNEL, 1);
    this.events.emit(SETTINGS_UPDATED_EVENT, after);
    return after;
  }

  /**
   * The settings as stored now, past the cache: through `em` when given (inside a transaction, the
   * rows it sees), otherwise a fork of its own.
   */
  async read(em?: EntityManager): Promise<HelpdeskSettings> {
    return merge(await (em ?? this.em.fork()).find(Setting, {}));
  }
}

/** The defaults with each stored section's fields laid over them (fields added later keep their defaults). */
function merge(rows: readonly Setting[]): HelpdeskSettings {
  const settings = defaultSettings();
  for (const row of rows) {
    if (!SECTIONS.includes(row.key as Section)) continue;
    const section = settings[row.key as Section] as unknown as Record<string, unknown>;
    Object.assign(section, JSON.parse(row.value) as Record<string, unknown>);
  }
  return settings;
}
