import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { defineConfig } from '@playwright/test';

import { E2E_LANES, E2eSize, FIRST_LANE_FILES } from './src/e2e-env';

// Workers load this file too, while the APIs are running on those directories: only the runner cleans them.
if (process.env['TEST_WORKER_INDEX'] === undefined) {
  for (const { dataDir } of E2E_LANES) rmSync(dataDir, { recursive: true, force: true });
}

const firstLane = FIRST_LANE_FILES.map((file) => `**/${file}`);
const workspaceRoot = resolve(__dirname, '../..');
const outputRoot = join(workspaceRoot, 'dist/apps/web-e2e');

/** Each browser size's viewport and input. */
const SIZES: Record<
  E2eSize,
  { viewport: { width: number; height: number }; isMobile?: boolean; hasTouch?: boolean }
> = {
  phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
  tablet: { viewport: { width: 768, height: 1024 }, hasTouch: true },
  desktop: { viewport: { width: 1440, height: 900 } },
};

/**
 * Browser tests: Debian's Chromium (never a downloaded browser) against the real, built API and
 * web app on a fresh database, at phone, tablet and desktop sizes. Each size's spec files are split
 * into two lanes (projects `phone-1`, `phone-2`, ...) of about equal length; each lane has its own API
 * process and database and runs its tests one after another; two lanes run side by side (the
 * machine's two cores). Screenshots of each main page are attached to the results under
 * `dist/apps/web-e2e/test-results`.
 */
export default defineConfig({
  testDir: './src',
  outputDir: join(outputRoot, 'test-results'),
  fullyParallel: false,
  workers: Number(process.env['WEB_E2E_WORKERS'] ?? 2),
  retries: 0,
  // Two lanes share the machine's two cores: the longest test takes about a minute alone.
  timeout: 180_000,
  // An assertion that holds returns at once; the limit is how long a slow machine may take to get
  // there (on a 2-core VM half as fast as usual, two lanes' logins took over 10 s to land).
  expect: { timeout: 20_000 },
  reporter: [['list'], ['html', { outputFolder: join(outputRoot, 'report'), open: 'never' }]],
  use: {
    // Material then skips its animations: less work for the two cores, and nothing to wait out.
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: E2E_LANES.map((server) => ({
    name: `${server.size}-${server.lane}`,
    ...(server.lane === 1 ? { testMatch: firstLane } : { testIgnore: firstLane }),
    // One test at a time per lane: its tests share the seeded accounts and global settings.
    workers: 1,
    metadata: server,
    use: { ...SIZES[server.size], baseURL: `http://127.0.0.1:${server.port}` },
  })),
  webServer: E2E_LANES.map(({ port, dataDir }) => ({
    command: 'node dist/apps/api/main.js',
    cwd: workspaceRoot,
    url: `http://127.0.0.1:${port}/api/health`,
    // Two lanes share the machine's two cores: the longest test takes about a minute alone.
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      BCRYPT_ROUNDS: '4',
      AUTH_RATE_LIMIT: '1000',
      AUTH_FAILURE_LIMIT: '100000',
      LOGIN_LOCKOUT_AFTER: '1000',
      API_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'warn',
    },
  })),
});
