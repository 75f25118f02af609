import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Port of the API (which also serves the built web app) during the browser tests. */
export const E2E_PORT = Number(process.env['WEB_E2E_PORT'] ?? 3300);

/**
 * The API's data directory during the browser tests: a fresh SQLite database for every run, and,
 * as no `SMTP_URL` is set, the outgoing e-mail as `.eml` files under `mail/`.
 */
export const E2E_DATA_DIR = join(tmpdir(), `hd-web-e2e-${E2E_PORT}`);
