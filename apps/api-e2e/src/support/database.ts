import { join } from 'node:path';

import { Database } from 'sqlite3';

/**
 * Runs one SQL statement against a test API's SQLite file, as an operator with shell access
 * would (deactivating a user, ageing a ticket): used where the API offers no endpoint for the setup.
 * @returns the rows for a SELECT, otherwise an empty array
 */
export function sql<T = Record<string, unknown>>(
  dataDir: string,
  statement: string,
  params: unknown[] = [],
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new Database(join(dataDir, 'helpdesk.sqlite'));
    db.configure('busyTimeout', 5000);
    db.all(statement, params, (error, rows) => {
      db.close();
      if (error) reject(error);
      else resolve(rows as T[]);
    });
  });
}
