/**
 * Builds the reader widget: the loader (`embed.js`, a classic script, with esbuild) and the Preact
 * app it imports on demand (`parley-app-[hash].js`, an ES module with its chunks, with rolldown). Run directly to build
 * into dist/widget and print gzip sizes.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { minify as minifyJs } from 'terser';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { rolldown } from 'rolldown';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The shipped locales: one JSON file per language in src/locales (and its on-demand half). */
export const LOCALE_CODES = readdirSync(resolve(HERE, 'src/locales'))
  .map((f) => /^([a-z]{2})\.json$/.exec(f)?.[1])
  .filter((c): c is string => c !== undefined)
  .sort();

/** Where the locale files are: one version for all of them, and the file names it gives. */
export interface LocaleFiles {
  /** Changes whenever any locale's strings change (the files are cached for good). */
  version: string;
  codes: string[];
}

/** A locale's two files: its strings for the first render, and those of parts opened on demand. */
export const localeFileNames = (code: string, version: string): [string, string] => [`locale-${code}-${version}.js`, `later-${code}-${version}.js`];

/**
 * Builds each locale as a module of its own — its strings for the first render, and those of the
 * parts opened on demand. All carry one version, so the loader holds the list of codes and one
 * version rather than sixteen hashed names, and can fetch the reader's locale beside the app
 * instead of after it.
 */
async function buildLocales(common: esbuild.BuildOptions, outdir: string): Promise<LocaleFiles> {
  const entryPoints: Record<string, string> = {};
  const sources = createHash('sha256');
  for (const code of LOCALE_CODES) {
    entryPoints[`locale-${code}`] = resolve(HERE, `src/locales/${code}.json`);
    entryPoints[`later-${code}`] = resolve(HERE, `src/locales-on-demand/${code}.json`);
    sources.update(readFileSync(entryPoints[`locale-${code}`]!)).update(readFileSync(entryPoints[`later-${code}`]!));
  }
  const version = sources.update(JSON.stringify({ minify: common.minify, esbuild: esbuild.version })).digest('hex').slice(0, 10);
  // Each locale is one default export; esbuild's JSON loader would also export every key by name.
  const jsonAsDefault: esbuild.Plugin = {
    name: 'json-as-default',
    setup: (b) => b.onLoad({ filter: /\.json$/ }, (args) => ({ contents: `export default ${readFileSync(args.path, 'utf8')}`, loader: 'js' })),
  };
  await esbuild.build({ ...common, charset: 'utf8', entryPoints, outdir, format: 'esm', entryNames: `[name]-${version}`, plugins: [jsonAsDefault] });
  return { version, codes: LOCALE_CODES };
}

/**
 * A second, slower minification pass with terser over the app's modules: its compressor and
 * mangler win a few hundred bytes over esbuild's, which is what keeps the widget within its budget.
 * Each file is rewritten in place; module names and imports are untouched.
 */
async function squeeze(files: string[]): Promise<void> {
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    const out = await minifyJs(code, { module: true, ecma: 2020, compress: { passes: 2 }, mangle: true, format: { ascii_only: false, comments: false } });
    if (out.code) writeFileSync(file, out.code);
  }
}

export interface BuildOptions {
  outdir: string;
  minify?: boolean;
  watch?: boolean;
}

/**
 * The app and the chunks it opens on demand, bundled by rolldown. What the app needs to show the
 * comments — its own modules, Preact, the API client, the reader's store — is one file: split
 * into several, each compresses on its own, and the reader pays for the lost context (about 800 B
 * gzip here). Parts opened later import what they share from that file instead of from a shared
 * chunk. Answers the app's file name and every file written.
 */
async function buildApp(outdir: string, minify: boolean): Promise<{ app: string; files: string[] }> {
  const entry = resolve(HERE, 'src/app/main.tsx');
  const bundle = await rolldown({
    input: { 'parley-app': entry },
    // Lets the entry hold the shared modules and export them to the chunks opened later.
    preserveEntrySignatures: 'allow-extension',
    tsconfig: resolve(HERE, '../tsconfig.json'),
    transform: {
      target: 'es2022',
      define: { 'process.env.NODE_ENV': '"production"' },
      // Classic JSX (h calls): Preact's createElement is in the bundle anyway, and the automatic
      // runtime would add its own (about 200 B gzip).
      jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' },
      inject: { h: ['preact', 'h'], Fragment: ['preact', 'Fragment'] },
    },
    logLevel: 'warn',
    plugins: [
      {
        // Imports of .css files become minified strings, injected into the widget's shadow root.
        name: 'css-as-text',
        async load(id) {
          if (!id.endsWith('.css')) return null;
          const { code } = await esbuild.transform(readFileSync(id, 'utf8'), { loader: 'css', minify });
          return { code: `export default ${JSON.stringify(code.trim())};`, moduleType: 'js' };
        },
      },
    ],
  });
  const { output } = await bundle.write({
    dir: outdir,
    format: 'esm',
    entryFileNames: '[name]-[hash].js',
    chunkFileNames: 'chunk-[hash].js',
    // Letters and digits only: the servers mark `-[A-Z0-9]{8,}.js` names immutable.
    hashCharacters: 'base36',
    minify,
    manualChunks(id, { getModuleInfo }) {
      const first = new Set<string>();
      const walk = (m: string) => {
        if (first.has(m)) return;
        first.add(m);
        for (const dep of getModuleInfo(m)?.importedIds ?? []) walk(dep);
      };
      walk(entry);
      return first.has(id) ? 'parley-app' : undefined;
    },
  });
  await bundle.close();
  const files = output.map((o) => o.fileName);
  if (minify) await squeeze(files.filter((f) => f.endsWith('.js')).map((f) => resolve(outdir, f)));
  const app = output.find((o) => o.type === 'chunk' && o.isEntry)!.fileName;
  return { app, files };
}

export async function buildWidget(options: BuildOptions): Promise<{ files: string[]; app: string; locales: Record<string, [string, string]> }> {
  const minify = options.minify ?? true;
  rmSync(options.outdir, { recursive: true, force: true });
  const common: esbuild.BuildOptions = {
    bundle: true,
    minify,
    target: ['es2022'],
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  const { app, files } = await buildApp(options.outdir, minify);
  const localeFiles = await buildLocales(common, options.outdir);
  const locales = Object.fromEntries(localeFiles.codes.map((code) => [code, localeFileNames(code, localeFiles.version)]));
  const loaderOptions: esbuild.BuildOptions = {
    ...common,
    entryPoints: [resolve(HERE, 'src/loader.ts')],
    outfile: resolve(options.outdir, 'embed.js'),
    format: 'iife',
    define: { ...common.define, __PARLEY_APP__: JSON.stringify(app), __PARLEY_LOCALES__: JSON.stringify(localeFiles) },
  };
  await esbuild.build(loaderOptions);
  // The count script for listing pages stands alone: no app, no Preact.
  await esbuild.build({ ...common, entryPoints: [resolve(HERE, 'src/count.ts')], outfile: resolve(options.outdir, 'count.js'), format: 'iife' });
  if (options.watch) {
    // Rebuilding the app changes its hash, and the loader must follow: rebuild everything together.
    let timer: NodeJS.Timeout | undefined;
    watch(resolve(HERE, 'src'), { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void buildWidget({ ...options, watch: false }).catch((err: unknown) => console.error(err)), 100);
    });
  }
  return { files: [...files, ...Object.values(locales).flat(), 'embed.js', 'count.js'], app, locales };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = resolve(HERE, '../dist/widget');
  const { files } = await buildWidget({ outdir });
  for (const file of files) {
    const bytes = readFileSync(resolve(outdir, file));
    console.log(`${file.padEnd(32)} ${String(bytes.length).padStart(7)} B   gzip ${String(gzipSync(bytes, { level: 9 }).length).padStart(6)} B`);
  }
}
