import { EntityManager } from '@mikro-orm/knex';
import { Injectable, NotFoundException } from '@nestjs/common';

import {
  Action,
  AuditAction,
  AuditChanges,
  CannedResponseListResponse,
  CannedResponseResponse,
  ErrorCode,
  canSeeCannedResponse,
  compareCannedResponses,
} from '@hd/shared/domain';
import { CreateCannedResponseDto, UpdateCannedResponseDto } from '@hd/shared/dto';

import { AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { assertAllowed } from '../common/permissions';
import { User } from '../users/user.entity';
import { CannedResponse } from './canned-response.entity';
import { toCannedResponseResponse } from './canned-response.mapper';

/** What an audit entry records of a canned response. */
function auditedFields(response: CannedResponse): Record<string, unknown> {
  return { title: response.title, body: response.body, shared: response.shared, ownerId: response.owner.id };
}

/**
 * Canned responses of staff (the controller's permission guard keeps customers out). A personal
 * one is seen and changed by its owner only, and is a 404 for everyone else, admins included; a
 * shared one is seen by all staff and changed by those the permission table lets manage shared
 * ones (admins), each change audited in the same transaction.
 */
@Injectable()
export class CannedResponsesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The shared canned responses and the caller's personal ones, by title. */
  async list(user: AuthUser): Promise<CannedResponseListResponse> {
    const responses = await this.em.find(
      CannedResponse,
      { $or: [{ shared: true }, { owner: user.id }] },
      { populate: ['owner'] },
    );
    return { items: responses.sort(compareCannedResponses).map(toCannedResponseResponse) };
  }

  /**
   * One canned response the caller may see.
   * @throws NotFoundException 404 `NOT_FOUND` for an unknown id or another user's personal one
   */
  async get(id: number, user: AuthUser): Promise<CannedResponseResponse> {
    return toCannedResponseResponse(await this.findVisible(id, user));
  }

  /**
   * Adds a canned response owned by the caller: personal, or shared (admins; audited).
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` for `shared: true` from someone who may not manage shared ones
   */
  async create(dto: CreateCannedResponseDto, actor: AuthUser): Promise<CannedResponseResponse> {
    const shared = dto.shared ?? false;
    if (shared) assertAllowed(Action.ManageSharedCannedResponses, actor);
    const owner = await this.em.findOneOrFail(User, actor.id);
    return this.em.transactional(async () => {
      const now = this.clock.now();
      const response = this.em.create(CannedResponse, {
        owner,
        title: dto.title,
        body: dto.body,
        shared,
        createdAt: now,
        updatedAt: now,
      });
      await this.em.flush(); // the response, and the audit entry, name the new id
      if (shared) {
        this.audit.record({
          actor,
          action: AuditAction.CannedResponseCreated,
          target: { type: 'canned_response', id: response.id },
          changes: changedFields({}, auditedFields(response)),
        });
      }
      return toCannedResponseResponse(response);
    });
  }

  /**
   * Changes the title, body or `shared` of a canned response the caller may change. Making a
   * shared one personal gives it to the admin who does so (it leaves every other list). Changes
   * to a shared one, or that share one, are audited.
   * @throws NotFoundException 404 `NOT_FOUND` for an unknown id or another user's personal one
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` for a shared one, or for `shared`, from someone who may not manage shared ones
   */
  async update(id: number, dto: UpdateCannedResponseDto, actor: AuthUser): Promise<CannedResponseResponse> {
    const response = await this.findVisible(id, actor);
    const wasShared = response.shared;
    const sharing = dto.shared !== undefined && dto.shared !== wasShared;
    if (wasShared || sharing) assertAllowed(Action.ManageSharedCannedResponses, actor);
    const before = auditedFields(response);
    if (dto.title !== undefined) response.title = dto.title;
    if (dto.body !== undefined) response.body = dto.body;
    if (dto.shared !== undefined) response.shared = dto.shared;
    if (wasShared && !response.shared && response.owner.id !== actor.id) {
      response.owner = await this.em.findOneOrFail(User, actor.id);
    }
    const changes = changedFields(before, auditedFields(response));
    if (Object.keys(changes).length) {
      response.updatedAt = this.clock.now();
      if (wasShared || response.shared) {
        this.audit.record({
          actor,
          action: wasShared ? AuditAction.CannedResponseUpdated : AuditAction.CannedResponseCreated,
          target: { type: 'canned_response', id: response.id },
          changes,
        });
      }
      await this.em.flush();
    }
    return toCannedResponseResponse(response);
  }

  /**
   * Deletes a canned response the caller may change; deleting a shared one is audited.
   * @throws NotFoundException 404 `NOT_FOUND` for an unknown id or another user's personal one
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` for a shared one, from someone who may not manage shared ones
   */
  async remove(id: number, actor: AuthUser): Promise<void> {
    const response = await this.findVisible(id, actor);
    if (response.shared) {
      assertAllowed(Action.ManageSharedCannedResponses, actor);
      const changes: AuditChanges = Object.fromEntries(
        Object.entries(auditedFields(response)).map(([field, from]) => [field, { from, to: null }]),
      );
      this.audit.record({
        actor,
        action: AuditAction.CannedResponseDeleted,
        target: { type: 'canned_response', id: response.id },
        changes,
      });
    }
    this.em.remove(response);
    await this.em.flush();
  }

  /**
   * The canned response `id` with its owner, if `user` may see it.
   * @throws NotFoundException 404 `NOT_FOUND` otherwise: another user's personal one is never revealed
   */
  private async findVisible(id: number, user: AuthUser): Promise<CannedResponse> {
    const response = await this.em.findOne(CannedResponse, id, { populate: ['owner'] });
    if (!response || !canSeeCannedResponse(user, response)) {
      throw new NotFoundException({ message: `Canned response ${id} not found`, code: ErrorCode.NotFound });
    }
    return response;
  }
}
