import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A ticket category, managed by admins; tickets refer to it by its `slug`. */
@Entity({ tableName: 'categories' })
export class Category {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** Unique, fixed once created. */
  @Property({ type: 'string', length: 32, unique: 'categories_slug_unique' })
  slug!: string;

  @Property({ type: 'string', length: 50 })
  name!: string;

  /** Inactive categories stay on their tickets but cannot be chosen for new ones. */
  @Property({ type: 'boolean' })
  active = true;

  /** Order in lists, ascending. */
  @Property({ type: 'integer' })
  position = 0;
}
