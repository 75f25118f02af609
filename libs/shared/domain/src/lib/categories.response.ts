/** A ticket category, managed by admins. Tickets name it by `slug`. */
export class CategoryResponse {
  /** @example 3 */
  id!: number;
  /** Lower-case letters, digits and underscores; fixed once created. @example "billing" */
  slug!: string;
  /** What people read. @example "Billing" */
  name!: string;
  /** An inactive category stays on its tickets but cannot be chosen for new ones. */
  active!: boolean;
  /** Order in lists, ascending. @example 3 */
  position!: number;
}

/** `GET /api/categories`: every category (customers: the active ones), by position. */
export class CategoryListResponse {
  items!: CategoryResponse[];
}
