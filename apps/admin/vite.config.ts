import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console the server serves at / (dist/, git-ignored). Absolute `/assets/` URLs: the console's
 * pages live at paths such as /reports, and a reload there must still find the bundle.
 */
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  logLevel: 'warn',
  // `pnpm dev`: the console on Vite's server, the API from a server running on :3000.
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: { input: { index: fileURLToPath(new URL('./index.html', import.meta.url)) } },
  },
});
