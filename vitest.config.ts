import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{apps,packages,connectors,knowledge,eval}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['scripts/vitest-global-setup.ts'],
    // CI lists every test, so the log shows each database test under its driver's name, and keeps
    // each file's import and run time (hooks included) for `scripts/slowest-test-files.ts`.
    reporters: process.env.CI ? ['verbose', './scripts/file-times-reporter.ts'] : ['default'],
    ...(process.env.CI ? { setupFiles: ['./scripts/file-cpu-setup.ts'] } : {}),
    // Budgets, not speed checks: CI shares two cores with other work, and a test that fails because
    // the machine is busy is a broken test. Timing-sensitive code takes injected clocks instead.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // Two cores: PGlite instances are heavy, keep parallel files bounded.
    maxWorkers: 2,
    // Each worker imports the workspace's modules once, not once per file: importing the server's
    // module graph again for every file was a quarter of the suite's time. Files keep to their own
    // state (no module mocks, no global stubs), so sharing the module cache changes no result.
    isolate: false,
  },
});
