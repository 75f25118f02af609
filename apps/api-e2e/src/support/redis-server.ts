import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Socket, connect } from 'node:net';

import { freePort } from './api-server';

/** A `redis-server` of the test's own (nothing kept on disk), to stop and start at will. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Kills the server (SIGKILL, like a crash); its data is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers `PING`. */
  start(): Promise<void>;
}

/** Whether Debian's `redis-server` is on the PATH. */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Resolves when a Redis at `port` answers `PING` with `+PONG`, false when it does not within 200 ms. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(200, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Starts `redis-server` on a free loopback port, without persistence (`--save '' --appendonly no`).
 * @throws when it does not answer `PING` within 10 s
 */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';
  const start = async (): Promise<void> => {
    log = '';
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    const deadline = Date.now() + 10_000;
    while (!(await pings(port))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`redis-server on port ${port} did not start:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGKILL');
    });
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
