import { resolve } from 'node:path';
import { buildAdmin } from '../../admin/build.ts';
import { buildWidget } from '../../widget/build.ts';

/** Builds the production widget and dashboard once before the suite, so browser tests load what users get. */
export default async function setup(): Promise<void> {
  await buildWidget({ outdir: resolve(import.meta.dirname, '../../dist/widget'), minify: true });
  await buildAdmin({ outdir: resolve(import.meta.dirname, '../../dist/admin'), minify: true });
}
