import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { TestInfo } from '@playwright/test';

/**
 * The browser sizes the tests run at. Each has its own API process (which also serves the built
 * web app) on its own port and fresh SQLite database, so two sizes can run side by side without
 * one test's global settings (automatic assignment, say) or notifications reaching another's.
 */
export const E2E_SIZES = ['phone', 'tablet', 'desktop'] as const;

/** One browser size's server: its port and data directory. */
export interface E2eServer {
  port: number;
  /**
   * The API's data directory: a fresh SQLite database for every run and, as no `SMTP_URL` is set,
   * the outgoing e-mail as `.eml` files under `mail/`.
   */
  dataDir: string;
}

/** The first server's port (`WEB_E2E_PORT`, default 3300); the next sizes take the next ports. */
const FIRST_PORT = Number(process.env['WEB_E2E_PORT'] ?? 3300);

/** The server of the browser size at `index` in {@link E2E_SIZES}. */
export function e2eServer(index: number): E2eServer {
  const port = FIRST_PORT + index;
  return { port, dataDir: join(tmpdir(), `hd-web-e2e-${port}`) };
}

/** The server the running test's browser size talks to (set as the project's metadata). */
export function serverOf(testInfo: TestInfo): E2eServer {
  return testInfo.project.metadata as E2eServer;
}
