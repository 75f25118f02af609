/**
 * Prints the DDL that would bring an empty database of the given dialect up to the entities:
 * `npx ts-node -P apps/api/tsconfig.app.json -r tsconfig-paths/register tools/db/dump-schema.ts sqlite`.
 * Used to write a new migration; `migrations.spec.ts` checks that the migrations match the entities.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';

import { createOrmOptions } from '../../apps/api/src/config/mikro-orm.options';

async function main(): Promise<void> {
  const dialect = process.argv[2] === 'postgresql' ? 'postgresql' : 'sqlite';
  const database =
    dialect === 'sqlite'
      ? ':memory:'
      : (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const orm = await MikroORM.init({
    ...createOrmOptions({ dialect, database }),
    connect: dialect === 'sqlite',
  });
  const sql =
    dialect === 'sqlite'
      ? await orm.schema.getCreateSchemaSQL({ wrap: false })
      : await orm.schema.getCreateSchemaSQL({ wrap: false });
  process.stdout.write(sql);
  await orm.close(true);
}

void main();
