import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import request from 'supertest';

/** The built API the tests start (run `nx build api` first; `nx test api-e2e` does). */
export const API_MAIN = resolve(__dirname, '../../../../dist/apps/api/main.js');

/** A running API process on its own data directory. */
export interface ApiServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The temporary data directory (SQLite file, secret, outgoing mail). */
  dataDir: string;
  /** Everything the process printed, for debugging failures. */
  output(): string;
  /**
   * Stops the process (SIGTERM, a graceful shutdown, unless `signal` says e.g. `SIGKILL` for a crash)
   * and starts it again on the same data directory and port.
   */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Sends `signal` (e.g. `SIGKILL` for a crash) and resolves once the process has exited; no restart. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Stops the process and deletes the data directory. */
  stop(): Promise<void>;
}

/** The next port this Jest worker tries (see {@link freePort}). */
let nextPort = 20_000 + Number(process.env['JEST_WORKER_ID'] ?? 0) * 500;

/** Whether `port` can be bound on loopback right now. */
function canBind(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/**
 * A free TCP port on loopback, from a range of 500 of this Jest worker's own (20000 + 500 x worker
 * id), below the ports the system hands out: suites running in parallel never get the same port,
 * so a suite cannot take another suite's API for its own while its own is still starting.
 * @throws when the worker's range is used up
 */
export async function freePort(): Promise<number> {
  const end = nextPort + 500;
  while (nextPort < end) {
    const port = nextPort++;
    if (await canBind(port)) return port;
  }
  throw new Error('no free port left in this worker range');
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`API did not become healthy within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the built API with a fresh SQLite database (seeded unless `SEED=false`), fast bcrypt
 * (cost 4) and high rate limits and login back-off thresholds, unless `env` says otherwise.
 */
export async function startApi(env: Record<string, string> = {}): Promise<ApiServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    child = spawn(process.execPath, [API_MAIN], {
      env: {
        PATH: process.env.PATH,
        TZ: 'UTC',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        BCRYPT_ROUNDS: '4',
        AUTH_RATE_LIMIT: '1000',
        AUTH_FAILURE_LIMIT: '100000',
        LOGIN_LOCKOUT_AFTER: '1000',
        API_RATE_LIMIT: '1000000',
        LOG_LEVEL: 'warn',
        WEB_DIR: join(dataDir, 'no-web'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    await waitForHealth(url, child, () => log);
  };
  const kill = (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill(signal);
    });
  await launch();
  return {
    url,
    dataDir,
    output: () => log,
    kill,
    restart: async (signal?: NodeJS.Signals) => {
      await kill(signal);
      await launch();
    },
    stop: async () => {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The seeded demo accounts (README). */
export const DEMO = {
  admin: { email: 'admin@example.com', password: 'admin123' },
  agent: { email: 'agent@example.com', password: 'agent123' },
  agent2: { email: 'agent2@example.com', password: 'agent123' },
  customer: { email: 'customer@example.com', password: 'customer123' },
  customer2: { email: 'customer2@example.com', password: 'customer123' },
} as const;

/** A logged-in session: the user's id and tokens. */
export interface Session {
  id: number;
  role: string;
  accessToken: string;
  refreshToken: string;
  /** `Authorization` header value. */
  auth: string;
}

/** Logs in and returns the session. @throws when the login does not answer 200 */
export async function login(url: string, credentials: { email: string; password: string }): Promise<Session> {
  const res = await request(url).post('/api/auth/login').send(credentials);
  if (res.status !== 200)
    throw new Error(`login of ${credentials.email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    role: res.body.user.role,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: `Bearer ${res.body.accessToken}`,
  };
}

/** Registers a new customer with a strong password and returns the session. */
export async function registerCustomer(url: string, email: string, name = 'Test Customer'): Promise<Session> {
  const res = await request(url)
    .post('/api/auth/register')
    .send({ email, password: 'violet-harbor-lantern-42', name });
  if (res.status !== 201)
    throw new Error(`register of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    role: res.body.user.role,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: `Bearer ${res.body.accessToken}`,
  };
}

/** Asserts the API's error shape and returns the body. */
export function expectError(res: request.Response, status: number, code?: string): Record<string, unknown> {
  expect({ status: res.status, body: res.body }).toMatchObject({
    status,
    body: {
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
      ...(code ? { code } : {}),
    },
  });
  return res.body;
}
