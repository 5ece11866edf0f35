import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { sharedConfig } from './vite.shared.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The build the server serves at /sidebar/ (dist/, git-ignored): the dev page. The helpdesk
 * bundles are built by scripts/build-host.ts into each app's own layout.
 */
export default defineConfig({
  ...sharedConfig,
  // Relative URLs: the pages work under /sidebar/ or anywhere else.
  base: './',
  // `pnpm dev`: the dev page on Vite's server, the API from a server running on :3000.
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: { input: { index: here('./index.html'), dev: here('./dev.html') } },
  },
});
