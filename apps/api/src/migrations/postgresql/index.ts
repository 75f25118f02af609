import { MigrationObject } from '@mikro-orm/core';

import { Migration20261122000000Initial } from './Migration20261122000000_initial';
import { Migration20261122100000Notifications } from './Migration20261122100000_notifications';

/** PostgreSQL migrations, oldest first; add each new one here. */
export const postgresqlMigrations: MigrationObject[] = [
  { name: 'Migration20261122000000_initial', class: Migration20261122000000Initial },
  { name: 'Migration20261122100000_notifications', class: Migration20261122100000Notifications },
];
