/**
 * Bundles the Node server and the operators' CLI into plain JavaScript (dist/server/node.js and
 * cli.js) with their migrations beside them, so production runs `node` on files built once:
 * no TypeScript loader, no bundler at run time. Packages stay imports from node_modules (only
 * `dependencies`: better-sqlite3's native addon cannot be bundled anyway).
 *
 *   npx tsx server/build.ts      (part of `npm run build`)
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
export const SERVER_BUNDLE_DIR = resolve(ROOT, 'dist/server');
/** Written last: its time is what `npm start` compares with the sources' (see server/launch). */
export const BUILD_STAMP = 'build-info.json';

/**
 * Packages are loaded from node_modules at run time, except those imported by a deep path that
 * Node's ESM resolver cannot find without a file extension (validator/es/lib/isEmail): bundled.
 */
const BUNDLED_PACKAGES = ['validator'];
const dependenciesStayExternal: esbuild.Plugin = {
  name: 'dependencies-stay-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0]!;
      return BUNDLED_PACKAGES.includes(name) ? undefined : { path: args.path, external: true };
    });
  },
};

export interface ServerBuild {
  outdir: string;
  metafile: esbuild.Metafile;
}

export async function buildServer(outdir: string = SERVER_BUNDLE_DIR): Promise<ServerBuild> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: { node: resolve(ROOT, 'server/entry/node.ts'), cli: resolve(ROOT, 'server/cli/main.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [dependenciesStayExternal],
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  // db/open-sqlite.ts finds the migrations beside the module that opens the database.
  cpSync(resolve(ROOT, 'db/migrations'), resolve(outdir, 'migrations'), { recursive: true });
  writeFileSync(resolve(outdir, BUILD_STAMP), `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
  return { outdir, metafile: result.metafile };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outdir } = await buildServer();
  console.log(`Server bundled into ${relative(ROOT, outdir)}/ (node.js, cli.js).`);
}
