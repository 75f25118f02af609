import { MigrationObject } from '@mikro-orm/core';

import { Migration20261122000000Initial } from './Migration20261122000000_initial';

/** SQLite migrations, oldest first; add each new one here. */
export const sqliteMigrations: MigrationObject[] = [
  { name: 'Migration20261122000000_initial', class: Migration20261122000000Initial },
];
