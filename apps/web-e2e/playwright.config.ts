import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { defineConfig } from '@playwright/test';

import { E2E_DATA_DIR as DATA_DIR, E2E_PORT as PORT } from './src/e2e-env';

// Workers load this file too, while the API is running on that directory: only the runner cleans it.
if (process.env['TEST_WORKER_INDEX'] === undefined) rmSync(DATA_DIR, { recursive: true, force: true });

const workspaceRoot = resolve(__dirname, '../..');
const outputRoot = join(workspaceRoot, 'dist/apps/web-e2e');

/**
 * Browser tests: Debian's Chromium (never a downloaded browser) against the real, built API and
 * web app on a fresh database, at phone, tablet and desktop sizes. Screenshots of each main page
 * are attached to the results under `dist/apps/web-e2e/test-results`.
 */
export default defineConfig({
  testDir: './src',
  outputDir: join(outputRoot, 'test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: join(outputRoot, 'report'), open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
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
  projects: [
    { name: 'phone', use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } },
    { name: 'tablet', use: { viewport: { width: 768, height: 1024 }, hasTouch: true } },
    { name: 'desktop', use: { viewport: { width: 1440, height: 900 } } },
  ],
  webServer: {
    command: 'node dist/apps/api/main.js',
    cwd: workspaceRoot,
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      DATA_DIR,
      BCRYPT_ROUNDS: '4',
      AUTH_RATE_LIMIT: '1000',
      AUTH_FAILURE_LIMIT: '100000',
      LOGIN_LOCKOUT_AFTER: '1000',
      API_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'warn',
    },
  },
});
