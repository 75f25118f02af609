/**
 * What the benchmarks share: a free loopback port, and waiting for a server they started to answer.
 */
import { createServer } from 'node:net';

/** A free TCP port on loopback (the system's choice). */
export function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * Resolves once `url` answers 2xx, polling every `intervalMs` (100) for at most `timeoutMs` (30 s).
 * @throws (after killing `child`) when the process exits first or the time runs out
 */
export async function waitUntilUp(child, url, { timeoutMs = 30_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  child.kill();
  throw new Error(
    `${url} did not answer (the server ${child.exitCode === null ? 'timed out' : `exited with ${child.exitCode}`})`,
  );
}
