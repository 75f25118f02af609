import { CategoryResponse } from '@hd/shared/domain';

import { Category } from './category.entity';

/** A category as the API returns it. */
export function toCategoryResponse(category: Category): CategoryResponse {
  return {
    id: category.id,
    slug: category.slug,
    name: category.name,
    active: category.active,
    position: category.position,
  };
}
