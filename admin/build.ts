/**
 * Builds the editors' dashboard into one hashed entry script, one hashed stylesheet, hashed chunks
 * that the entry imports on demand (the Overview's charting library), and an index.html that
 * references the entry and the stylesheet under /admin/. The server answers /admin and every /admin/* route without
 * a file extension with this index.html; routing inside the dashboard uses the URL hash.
 *
 *   npx tsx admin/build.ts            → dist/admin (minified)
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ADMIN_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(ADMIN_DIR, '..');
const ENTRY = join(ADMIN_DIR, 'src/main.tsx');
/** Where the server mounts the built files. */
const PUBLIC_PATH = '/admin/';

export interface BuildAdminOptions {
  outdir: string;
  minify?: boolean;
  /** Keep rebuilding on changes (the returned files are those of the first build). */
  watch?: boolean;
}

/**
 * A strict policy for the dashboard page: only its own script and styles run, and the API is
 * same-origin. Comment HTML is sanitised by the server; this is the second line of defence.
 * Style attributes are allowed (not <style> elements, never script): the Mailbox shows emails'
 * HTML in a sandboxed srcdoc frame, which inherits this policy, and email HTML is styled inline.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  // The sign-in's proof of work runs in a worker made from a blob (see widget/src/app/pow-solver.ts).
  "worker-src blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%232f5bd3'/%3E%3Cpath d='M9 10h14v9H15l-4 4v-4H9z' fill='white'/%3E%3C/svg%3E";

function indexHtml(script: string, stylesheet: string | undefined): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>Parley moderation</title>
<link rel="icon" href="${FAVICON}">
${stylesheet ? `<link rel="stylesheet" href="${PUBLIC_PATH}${stylesheet}">\n` : ''}<script type="module" src="${PUBLIC_PATH}${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript><p>The Parley dashboard needs JavaScript.</p></noscript>
</body>
</html>
`;
}

/** Writes index.html for the outputs of one build and removes files an earlier build left. */
async function finish(outdir: string, metafile: esbuild.Metafile): Promise<string[]> {
  const outputs = Object.keys(metafile.outputs).map((file) => resolve(ROOT, file));
  // With code splitting there are several scripts: index.html names only the entry's.
  const entry = Object.entries(metafile.outputs).find(([file, output]) => output.entryPoint && file.endsWith('.js'));
  const script = entry && resolve(ROOT, entry[0]);
  const stylesheet = entry?.[1].cssBundle ? resolve(ROOT, entry[1].cssBundle) : outputs.find((file) => file.endsWith('.css'));
  if (!script) throw new Error('admin build produced no script');
  const html = join(outdir, 'index.html');
  await writeFile(html, indexHtml(basename(script), stylesheet && basename(stylesheet)));
  const keep = new Set([...outputs, html]);
  for (const name of await readdir(outdir)) {
    const file = join(outdir, name);
    if (!keep.has(file)) await rm(file, { recursive: true, force: true });
  }
  return [...outputs.filter((file) => !file.endsWith('.map')), html];
}

export async function buildAdmin(options: BuildAdminOptions): Promise<{ files: string[] }> {
  const outdir = resolve(options.outdir);
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const minify = options.minify ?? false;
  const config: esbuild.BuildOptions = {
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outdir,
    entryNames: 'admin-[hash]',
    chunkNames: 'admin-chunk-[hash]',
    assetNames: 'admin-[hash]',
    bundle: true,
    format: 'esm',
    // A dynamic import() becomes its own chunk, so a page's heavy parts load only when it opens.
    splitting: true,
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify,
    sourcemap: minify ? false : 'linked',
    metafile: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': JSON.stringify(minify ? 'production' : 'development') },
    logLevel: 'warning',
  };

  if (!options.watch) {
    const result = await esbuild.build(config);
    return { files: await finish(outdir, result.metafile!) };
  }

  let first: ((files: string[]) => void) | undefined;
  let failed: ((err: unknown) => void) | undefined;
  const firstBuild = new Promise<string[]>((done, fail) => {
    first = done;
    failed = fail;
  });
  const ctx = await esbuild.context({
    ...config,
    plugins: [
      {
        name: 'admin-index-html',
        setup(build) {
          build.onEnd(async (result) => {
            if (result.errors.length > 0 || !result.metafile) {
              failed?.(new Error(`admin build failed with ${result.errors.length} error(s)`));
              failed = undefined;
              first = undefined;
              return;
            }
            const files = await finish(outdir, result.metafile);
            if (first) {
              first(files);
              first = undefined;
              failed = undefined;
            } else {
              console.log(`[admin] rebuilt ${files.map((f) => relative(ROOT, f)).join(', ')}`);
            }
          });
        },
      },
    ],
  });
  await ctx.watch();
  return { files: await firstBuild };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const watch = process.argv.includes('--watch');
  const outdir = resolve(ROOT, 'dist/admin');
  buildAdmin({ outdir, minify: !watch, watch })
    .then(({ files }) => {
      for (const file of files) console.log(`  ${relative(ROOT, file)}`);
      if (watch) console.log('[admin] watching admin/src for changes…');
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
