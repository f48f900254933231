import type { Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Listens on 127.0.0.1:`port` (any free port when 0 or absent; when taken, any free port if `anyPortIfTaken`).
 * Bound at the moment of listening, so two stacks starting together never race a probe-then-bind.
 */
export async function serveOnLoopback(
  server: Server,
  options: { readonly port?: number; readonly anyPortIfTaken?: boolean },
): Promise<{ url: string; stop(): Promise<void> }> {
  try {
    await listen(server, options.port ?? 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !options.anyPortIfTaken) throw error;
    await listen(server, 0);
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
