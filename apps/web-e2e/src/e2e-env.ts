import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { TestInfo } from '@playwright/test';

/** The browser sizes the tests run at. */
export const E2E_SIZES = ['phone', 'tablet', 'desktop'] as const;

/** A browser size (see {@link E2E_SIZES}). */
export type E2eSize = (typeof E2E_SIZES)[number];

/**
 * Spec files of each size's first lane; every other file runs in its second lane. The two lanes
 * take about the same time, so that the two cores stay busy until the end of the run (one lane a
 * size left the last size running alone for minutes).
 */
export const FIRST_LANE_FILES = [
  'ticket-lifecycle.spec.ts',
  'attachments.spec.ts',
  'integrations.spec.ts',
  'password-reset.spec.ts',
  'automation.spec.ts',
  'dashboard.spec.ts',
  'lan.spec.ts',
];

/**
 * One lane: a browser size and a share of the spec files, with its own API process (which also
 * serves the built web app) on its own port and fresh SQLite database, so two lanes can run side
 * by side without one test's global settings (automatic assignment, say) or notifications
 * reaching another's. Tests of one lane run one after another.
 */
export interface E2eServer {
  /** The lane's browser size. */
  size: E2eSize;
  /** 1 for {@link FIRST_LANE_FILES}, 2 for the rest. */
  lane: 1 | 2;
  port: number;
  /**
   * The API's data directory: a fresh SQLite database for every run and, as no `SMTP_URL` is set,
   * the outgoing e-mail as `.eml` files under `mail/`.
   */
  dataDir: string;
}

/** The first lane's port (`WEB_E2E_PORT`, default 3300); the next lanes take the next ports. */
const FIRST_PORT = Number(process.env['WEB_E2E_PORT'] ?? 3300);

/** Every lane: each size's first and second lane, in that order, on consecutive ports. */
export const E2E_LANES: readonly E2eServer[] = E2E_SIZES.flatMap((size, index) =>
  ([1, 2] as const).map((lane) => {
    const port = FIRST_PORT + index * 2 + lane - 1;
    return { size, lane, port, dataDir: join(tmpdir(), `hd-web-e2e-${port}`) };
  }),
);

/** The lane (browser size, server) of the running test (set as its project's metadata). */
export function serverOf(testInfo: TestInfo): E2eServer {
  return testInfo.project.metadata as E2eServer;
}
