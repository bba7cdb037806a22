/**
 * Bundles the Node server and the operators' CLI into plain JavaScript (dist/server/node.js and
 * cli.js) with their migrations beside them, so production runs `node` on files built once:
 * no TypeScript loader, no bundler at run time. The few packages that cannot be bundled stay
 * imports from node_modules, and must be `dependencies` (test/runtime/bundle.test.ts checks).
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
 * Packages that stay imports from node_modules at run time: better-sqlite3 (a native addon), and
 * pino with its optional pretty printer (pino loads files of its own by path). Everything else is
 * bundled: one file loads several times faster than hundreds of modules resolved one by one.
 */
export const EXTERNAL_PACKAGES = ['better-sqlite3', 'pino', 'pino-pretty'];
const dependenciesStayExternal: esbuild.Plugin = {
  name: 'dependencies-stay-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0]!;
      return EXTERNAL_PACKAGES.includes(name) ? { path: args.path, external: true } : undefined;
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
    entryPoints: { node: resolve(ROOT, 'server/entry/node.ts'), cli: resolve(ROOT, 'server/cli/parley.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [dependenciesStayExternal],
    // As in the Worker (wrangler.toml): resend imports it lazily for React emails, which Parley never sends.
    alias: { '@react-email/render': resolve(ROOT, 'server/entry/react-email-render-stub.ts') },
    // Bundled CommonJS packages call require() for Node's own modules; ESM output has none.
    banner: { js: "import { createRequire as __parleyCreateRequire } from 'node:module'; const require = __parleyCreateRequire(import.meta.url);" },
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
