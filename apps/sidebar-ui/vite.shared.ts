import type { UserConfig } from 'vite';

/** Settings every sidebar build shares: Preact's automatic JSX, modern browsers, no network at run time. */
export const sharedConfig: UserConfig = {
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  logLevel: 'warn',
};
