/**
 * `npm run dev`: Vite's dev server (hot reload) against the local stack `npm start` runs. It reads the stack info file
 * for the API and console URLs, serves a matching `/config.json` and proxies the local-only sign-in routes
 * (`/local/*`) to the console server, so the app runs exactly as it does when served built.
 */
import type { Plugin, UserConfig } from 'vite';
import { runningStack, stackInfoFile } from '../../infra/local/paths';
import type { ConsoleConfig } from '../../infra/web/console-config';

export async function devServerConfig(): Promise<Pick<UserConfig, 'server' | 'plugins'>> {
  const stack = runningStack(stackInfoFile);
  if (!stack?.consoleUrl) {
    throw new Error(`No running local stack with a console (${stackInfoFile}): run npm start first, then npm run dev`);
  }
  const config: ConsoleConfig = { apiUrl: stack.url, auth: { kind: 'local', signInUrl: '/local' } };
  const runtimeConfig: Plugin = {
    name: 'nimbus-runtime-config',
    configureServer(server) {
      server.middlewares.use('/config.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'no-store');
        res.end(JSON.stringify(config));
      });
    },
  };
  return {
    server: { host: '127.0.0.1', port: 5173, proxy: { '/local': stack.consoleUrl } },
    plugins: [runtimeConfig],
  };
}
