import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { devServerConfig } from './scripts/dev-config';

/**
 * The console's build (web/dist) and, under `npm run dev`, its dev server with hot reload against the running local
 * stack (see scripts/dev-config.ts).
 */
export default defineConfig(async ({ command }) => {
  const dev = command === 'serve' ? await devServerConfig() : undefined;
  return {
    root: import.meta.dirname,
    plugins: [react(), ...(dev?.plugins ?? [])],
    server: dev?.server,
    build: {
      outDir: resolve(import.meta.dirname, 'dist'),
      emptyOutDir: true,
      sourcemap: false,
      assetsInlineLimit: 0,
    },
  };
});
