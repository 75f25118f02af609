import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One section of the helpdesk's settings (`businessHours`, `sla`, `assignment`, `autoClose`) as
 * JSON; a section without a row has its defaults (`defaultSettings()` in `@hd/shared/domain`).
 */
@Entity({ tableName: 'settings' })
export class Setting {
  /** The section's name. */
  @PrimaryKey({ type: 'string', length: 50 })
  key!: string;

  /** The section's fields as JSON text. */
  @Property({ type: 'text' })
  value!: string;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}
