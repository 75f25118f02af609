import { Server, Socket, connect, createServer } from 'node:net';

import { freePort } from './api-server';

/** A TCP load balancer on loopback for tests (see {@link startProxy}). */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Closes the listener and every connection through it. */
  close(): Promise<void>;
}

/**
 * Starts a TCP proxy that sends each new connection to the first of `targets` (`http://host:port`)
 * that accepts it, like a load balancer with failover: while the first replica is up every client
 * lands there; once it is gone, new connections (a socket.io client reconnecting) reach the next.
 * Bytes are piped both ways unchanged, so HTTP, keep-alive and WebSocket upgrades pass through.
 */
export async function startProxy(targets: string[]): Promise<TcpProxy> {
  const addresses = targets.map((target) => {
    const url = new URL(target);
    return { host: url.hostname, port: Number(url.port) };
  });
  const open = new Set<Socket>();
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const server: Server = createServer((client) => {
    track(client);
    client.on('error', () => client.destroy());
    client.pause();
    const attempt = (index: number): void => {
      if (index >= addresses.length) return void client.destroy();
      const upstream = connect(addresses[index]);
      let connected = false;
      // Refused (the replica is down): try the next one; after connecting, an error ends both sides.
      upstream.on('error', () => (connected ? client.destroy() : attempt(index + 1)));
      upstream.once('connect', () => {
        connected = true;
        track(upstream);
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        open.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
