import { EntityManager } from '@mikro-orm/knex';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';

import {
  Action,
  AuditAction,
  CategoryListResponse,
  CategoryResponse,
  ErrorCode,
  can,
} from '@hd/shared/domain';
import { CreateCategoryDto, UpdateCategoryDto } from '@hd/shared/dto';

import { AuditService, toggleAwareAction } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { Category } from './category.entity';
import { toCategoryResponse } from './category.mapper';

/** A slug from a name: `Returns & refunds` -> `returns_refunds` (letters and digits of ASCII only). */
function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 32);
  return /^[a-z]/.test(slug) && slug.length >= 2 ? slug : `category_${slug}`.slice(0, 32).replace(/_+$/, '');
}

/**
 * Ticket categories, managed by admins: list, add, rename, reorder, deactivate. There is no delete:
 * tickets keep their category, so one in use can only be deactivated. Every change is audited.
 */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /** Every category by position (staff); customers get the active ones only. */
  async list(user: AuthUser): Promise<CategoryListResponse> {
    const where =
      can(user.role, Action.ManageCategories) || can(user.role, Action.WorkQueue) ? {} : { active: true };
    const categories = await this.em.find(Category, where, { orderBy: { position: 'asc', id: 'asc' } });
    return { items: categories.map(toCategoryResponse) };
  }

  /**
   * The slug of an active category, for a ticket about to use it.
   * @throws BadRequestException 400 `INVALID_CATEGORY` for an unknown or inactive slug
   */
  async requireUsable(slug: string): Promise<string> {
    const category = await this.em.findOne(Category, { slug, active: true });
    if (!category) {
      throw new BadRequestException({
        message: `Category '${slug}' does not exist or is no longer in use`,
        code: ErrorCode.InvalidCategory,
        errors: { category: ['must be the slug of an active category (GET /api/categories)'] },
      });
    }
    return category.slug;
  }

  /**
   * Adds a category at `position` (default: last), moving the ones from there down.
   * @throws ConflictException 409 `CONFLICT` when the slug is taken
   */
  async create(dto: CreateCategoryDto, actor: AuthUser): Promise<CategoryResponse> {
    const slug = dto.slug ?? slugOf(dto.name);
    if (await this.em.count(Category, { slug })) {
      throw new ConflictException({
        message: `A category with the slug '${slug}' exists`,
        code: ErrorCode.Conflict,
      });
    }
    return this.em.transactional(async (em) => {
      const all = await this.ordered();
      const position = Math.min(dto.position ?? all.length, all.length);
      const category = em.create(Category, { slug, name: dto.name, active: true, position });
      all.splice(position, 0, category);
      this.renumber(all);
      await em.flush();
      this.audit.record({
        actor,
        action: AuditAction.CategoryCreated,
        target: { type: 'category', id: category.id },
        changes: {
          slug: { from: null, to: slug },
          name: { from: null, to: dto.name },
          position: { from: null, to: position },
        },
      });
      return toCategoryResponse(category);
    });
  }

  /**
   * Renames, reorders, deactivates or reactivates a category.
   * @throws NotFoundException 404 for an unknown id
   */
  async update(id: number, dto: UpdateCategoryDto, actor: AuthUser): Promise<CategoryResponse> {
    const all = await this.ordered();
    const category = all.find((c) => c.id === id);
    if (!category)
      throw new NotFoundException({ message: `Category ${id} not found`, code: ErrorCode.NotFound });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (dto.name !== undefined && dto.name !== category.name) {
      changes['name'] = { from: category.name, to: dto.name };
      category.name = dto.name;
    }
    if (dto.active !== undefined && dto.active !== category.active) {
      changes['active'] = { from: category.active, to: dto.active };
      category.active = dto.active;
    }
    if (dto.position !== undefined && dto.position !== category.position) {
      const to = Math.min(dto.position, all.length - 1);
      changes['position'] = { from: category.position, to };
      all.splice(all.indexOf(category), 1);
      all.splice(to, 0, category);
      this.renumber(all);
    }
    if (Object.keys(changes).length) {
      const action = toggleAwareAction(changes, category.active, {
        updated: AuditAction.CategoryUpdated,
        on: AuditAction.CategoryReactivated,
        off: AuditAction.CategoryDeactivated,
      });
      this.audit.record({ actor, action, target: { type: 'category', id: category.id }, changes });
      await this.em.flush();
    }
    return toCategoryResponse(category);
  }

  private ordered(): Promise<Category[]> {
    return this.em.find(Category, {}, { orderBy: { position: 'asc', id: 'asc' } });
  }

  private renumber(categories: Category[]): void {
    categories.forEach((category, index) => (category.position = index));
  }
}
