import { createHash, randomBytes } from 'node:crypto';

import { EntityManager } from '@mikro-orm/knex';
import { BadRequestException, Inject, Injectable, Logger, NotFoundException, Optional } from '@nestjs/common';

import {
  API_TOKEN_LIMITS,
  API_TOKEN_PREFIX,
  API_TOKEN_SCOPES_BY_ROLE,
  ApiTokenListResponse,
  ApiTokenResponse,
  ApiTokenScope,
  CreatedApiTokenResponse,
  ErrorCode,
} from '@hd/shared/domain';
import { CreateApiTokenDto } from '@hd/shared/dto';

import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { RedisService } from '../redis/redis.service';
import { ActiveUsersCache } from '../users/active-users.cache';
import { User } from '../users/user.entity';
import { ApiToken } from './api-token.entity';

/** How long a process keeps a token it looked up before looking again, in ms. */
const CACHE_TTL_MS = 5_000;

/** The shortest time between two writes of a token's `lastUsedAt`, in ms. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Redis channel on which a replica tells the others to forget a revoked token (payload: its hash). */
const FORGET_CHANNEL = 'helpdesk:api-tokens:forget';

/** What a token lookup found: enough to authenticate without the database. */
interface TokenEntry {
  id: number;
  userId: number;
  scopes: ApiTokenScope[];
  expiresAt: number | null;
}

/** A token's scopes as a list. */
function scopesOf(token: ApiToken): ApiTokenScope[] {
  return token.scopes.split(',').filter(Boolean) as ApiTokenScope[];
}

/** Hex SHA-256 of a token, as stored. */
function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toResponse(token: ApiToken): ApiTokenResponse {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: scopesOf(token),
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * Personal API tokens: created by their owner (shown once), listed, revoked; and authenticating a
 * request that presents one (`Authorization: Bearer hd_...`). A lookup is kept for 5 s; revoking
 * forgets it at once here and, with `REDIS_URL`, on every replica. The owner must still be active,
 * and acts with their current role.
 */
@Injectable()
export class ApiTokensService {
  private readonly logger = new Logger('ApiTokens');
  private readonly cache = new Map<string, { entry: Promise<TokenEntry | null>; until: number }>();
  /** When this process last wrote each token's `lastUsedAt` (ms since the epoch). */
  private readonly lastUseWritten = new Map<number, number>();

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly users: ActiveUsersCache,
    @Optional() @Inject(RedisService) private readonly redis?: RedisService,
  ) {
    this.redis?.subscribe(FORGET_CHANNEL, (hash) => typeof hash === 'string' && this.cache.delete(hash));
  }

  /**
   * Creates a token for `owner`.
   * @returns the token's details and, this once, its value
   * @throws BadRequestException `VALIDATION_FAILED` for a scope the owner's role may not hold, an
   *   expiry not in the future, or more than {@link API_TOKEN_LIMITS.perUser} tokens
   */
  async create(dto: CreateApiTokenDto, owner: AuthUser): Promise<CreatedApiTokenResponse> {
    if (owner.apiToken) {
      throw new BadRequestException({
        message: 'An API token cannot create tokens',
        code: ErrorCode.ValidationFailed,
      });
    }
    const allowed = API_TOKEN_SCOPES_BY_ROLE[owner.role];
    const refused = dto.scopes.filter((scope) => !allowed.includes(scope));
    if (refused.length) {
      throw new BadRequestException({
        message: `Your role may not give a token the scope${refused.length > 1 ? 's' : ''} ${refused.join(', ')}`,
        code: ErrorCode.ValidationFailed,
        errors: { scopes: [`allowed for your role: ${allowed.join(', ')}`] },
      });
    }
    const now = this.clock.now();
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      throw new BadRequestException({
        message: 'expiresAt must be in the future',
        code: ErrorCode.ValidationFailed,
        errors: { expiresAt: ['must be in the future'] },
      });
    }
    if ((await this.em.count(ApiToken, { user: owner.id })) >= API_TOKEN_LIMITS.perUser) {
      throw new BadRequestException({
        message: `At most ${API_TOKEN_LIMITS.perUser} API tokens per user; revoke one first`,
        code: ErrorCode.ValidationFailed,
      });
    }
    const value = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const token = this.em.create(ApiToken, {
      user: this.em.getReference(User, owner.id),
      name: dto.name,
      prefix: value.slice(0, 10),
      tokenHash: hashOf(value),
      scopes: dto.scopes.join(','),
      createdAt: now,
      expiresAt,
      lastUsedAt: null,
    });
    await this.em.persistAndFlush(token);
    return { ...toResponse(token), token: value };
  }

  /** The caller's tokens, newest first. */
  async list(owner: AuthUser): Promise<ApiTokenListResponse> {
    const tokens = await this.em.find(ApiToken, { user: owner.id }, { orderBy: { id: 'desc' } });
    return { items: tokens.map(toResponse) };
  }

  /**
   * Revokes (deletes) one of the caller's tokens; it stops working at once on every replica.
   * @throws NotFoundException `NOT_FOUND` when the caller has no token with this id (another user's is a 404 too)
   */
  async revoke(id: number, owner: AuthUser): Promise<void> {
    const token = await this.em.findOne(ApiToken, { id, user: owner.id });
    if (!token)
      throw new NotFoundException({ message: 'No API token with this id', code: ErrorCode.NotFound });
    const hash = token.tokenHash;
    await this.em.removeAndFlush(token);
    this.cache.delete(hash);
    void this.redis?.publish(FORGET_CHANNEL, hash);
  }

  /**
   * The caller a bearer value starting with `hd_` stands for.
   * @returns null for an unknown, revoked or expired token, or one whose owner is no longer active
   */
  async authenticate(value: string): Promise<AuthUser | null> {
    const hash = hashOf(value);
    const now = this.clock.now().getTime();
    let cached = this.cache.get(hash);
    if (!cached || cached.until <= now) {
      cached = { entry: this.lookup(hash), until: now + CACHE_TTL_MS };
      this.cache.set(hash, cached);
      const entry = cached;
      entry.entry.catch(() => this.cache.get(hash) === entry && this.cache.delete(hash));
      if (this.cache.size > 10_000) this.prune(now);
    }
    const token = await cached.entry;
    if (!token || (token.expiresAt !== null && token.expiresAt <= now)) return null;
    const user = await this.users.get(token.userId);
    if (!user) return null;
    this.touch(token.id, now);
    return { ...user, apiToken: { id: token.id, scopes: token.scopes } };
  }

  private async lookup(hash: string): Promise<TokenEntry | null> {
    const token = await this.em.fork().findOne(ApiToken, { tokenHash: hash });
    return token
      ? {
          id: token.id,
          userId: token.user.id,
          scopes: scopesOf(token),
          expiresAt: token.expiresAt?.getTime() ?? null,
        }
      : null;
  }

  /** Records the use, at most once a minute per token (a failed write only loses the timestamp). */
  private touch(id: number, now: number): void {
    const last = this.lastUseWritten.get(id) ?? 0;
    if (now - last < LAST_USED_RESOLUTION_MS) return;
    this.lastUseWritten.set(id, now);
    this.em
      .fork()
      .nativeUpdate(ApiToken, { id }, { lastUsedAt: new Date(now) })
      .catch((error: unknown) =>
        this.logger.warn(`could not record the use of API token ${id}: ${(error as Error).message}`),
      );
  }

  private prune(now: number): void {
    for (const [hash, cached] of this.cache) if (cached.until <= now) this.cache.delete(hash);
  }
}
