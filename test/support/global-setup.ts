import { resolve } from 'node:path';
import { buildAdmin } from '../../admin/build.ts';
import { buildServer } from '../../server/build.ts';
import { assembleWorkerAssets, bundleWorker } from '../../server/cli/build-worker.ts';
import { buildWidget } from '../../widget/build.ts';

/**
 * Builds the production widget and dashboard once before the suite, so browser tests load what
 * users get, the Node server bundle, and the Worker (dist/worker) that the workerd tests run as `npm run deploy` would ship it.
 */
export default function setup(): Promise<void> {
  // The contract and e2e projects both name this file, and vitest runs it once per project; both
  // run in vitest's own process, so the first start is shared and the build happens once.
  const shared = globalThis as { parleyBuild?: Promise<void> };
  shared.parleyBuild ??= build();
  return shared.parleyBuild;
}

async function build(): Promise<void> {
  await buildWidget({ outdir: resolve(import.meta.dirname, '../../dist/widget'), minify: true });
  await buildAdmin({ outdir: resolve(import.meta.dirname, '../../dist/admin'), minify: true });
  // The production server bundle (dist/server) that `npm start` runs, for the tests that start it.
  await buildServer();
  assembleWorkerAssets();
  await bundleWorker();
}
