import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

import { User } from '../users/user.entity';

/**
 * A reply template of staff: personal (seen and changed by its owner only) or shared (seen by every
 * agent and admin, changed by admins). Its body may hold placeholders, filled when inserted.
 */
@Entity({ tableName: 'canned_responses' })
// A user's list is `shared OR owner = them`: one index for each side of the OR.
@Index({ name: 'canned_responses_owner_index', properties: ['owner'] })
@Index({ name: 'canned_responses_shared_index', properties: ['shared'] })
export class CannedResponse {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** Who wrote it (or, for one made personal again, the admin who did); their responses go with them. */
  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  owner!: User;

  /** 1 to 100 characters. */
  @Property({ type: 'string', length: 100 })
  title!: string;

  /** 1 to 5,000 characters, placeholders as written. */
  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'boolean' })
  shared = false;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}
