import { resolve } from 'node:path';
import { buildAdmin } from '../../admin/build.ts';
import { buildServer } from '../../server/build.ts';
import { assembleWorkerAssets, bundleWorker } from '../../server/cli/build-worker.ts';
import { buildWidget } from '../../widget/build.ts';

/**
 * Builds the production widget and dashboard once before the suite, so browser tests load what
 * users get, the Node server bundle, and the Worker (dist/worker) that the workerd tests run as `npm run deploy` would ship it.
 */
export default async function setup(): Promise<void> {
  await buildWidget({ outdir: resolve(import.meta.dirname, '../../dist/widget'), minify: true });
  await buildAdmin({ outdir: resolve(import.meta.dirname, '../../dist/admin'), minify: true });
  // The production server bundle (dist/server) that `npm start` runs, for the tests that start it.
  await buildServer();
  assembleWorkerAssets();
  await bundleWorker();
}
