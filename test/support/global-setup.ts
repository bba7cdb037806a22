import { resolve } from 'node:path';
import { buildWidget } from '../../widget/build.ts';

/** Builds the production widget once before the suite, so browser tests load what users get. */
export default async function setup(): Promise<void> {
  await buildWidget({ outdir: resolve(import.meta.dirname, '../../dist/widget'), minify: true });
}
