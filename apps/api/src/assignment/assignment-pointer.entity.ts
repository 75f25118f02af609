import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Where automatic assignment stands: one row (`name` `auto`, created on first use) holding the
 * user the last automatically assigned ticket went to, so round robin continues after them. The
 * creating transaction takes the row's lock with an upsert before choosing, so on PostgreSQL
 * concurrent creations choose one after another (SQLite has one writer at a time anyway). Written
 * by `AutoAssignment` with native SQL only.
 */
@Entity({ tableName: 'assignment_pointers' })
export class AssignmentPointer {
  /** Which pointer: `auto`. */
  @PrimaryKey({ type: 'string', length: 32 })
  name!: string;

  /** The id of the user the last automatic assignment chose, or null before the first one. */
  @Property({ type: 'integer', nullable: true })
  lastUserId: number | null = null;

  /** When that assignment was made. */
  @Property({ type: 'Date', nullable: true })
  updatedAt: Date | null = null;
}
