import { defineConfig } from 'vitest/config';

/**
 * Four projects, by kind of test (each folder holds one subfolder per feature). Only `contract`
 * and `e2e` load what `npm run build` makes (browser pages, the server bundle, the Worker), so
 * only they run the global build; `npx vitest run --project unit --project api` starts at once.
 */
const BUILT = ['test/support/global-setup.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      // These files share modules in one process (isolate: false): each builds its own app on its
      // own in-memory database and leaves no global behind, and loading the app once, not once per
      // file, is most of what they would otherwise spend. Two workers even on two cores: several
      // files mostly wait (on another process holding a lock, on a child process's start).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false, maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'api', include: ['test/api/**/*.test.ts'], isolate: false, maxWorkers: 2, sequence: { groupOrder: 0 } } },
      // Vitest runs projects with different worker counts in separate groups, one group after the
      // other: unit and api first (quick, in-process), then the suites that need the build.
      // Node, workerd and the bundle: the Worker and the server bundle come from the build.
      { extends: true, test: { name: 'contract', include: ['test/contract/**/*.test.ts'], globalSetup: BUILT, sequence: { groupOrder: 1 } } },
      // Real Chromium on the built widget and dashboard, the server bundle, workerd.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: BUILT, sequence: { groupOrder: 1 } } },
    ],
  },
});
