/**
 * Builds the reader widget: the loader (`embed.js`, a classic script) and the Preact app it
 * imports on demand (`parley-app-[hash].js`, an ES module with its chunks). Run directly to build
 * into dist/widget and print gzip sizes.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { minify as minifyJs } from 'terser';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Imports of .css files become minified strings, injected into the widget's shadow root. */
const cssAsText: esbuild.Plugin = {
  name: 'css-as-text',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await esbuild.transform(readFileSync(args.path, 'utf8'), { loader: 'css', minify: build.initialOptions.minify ?? false });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: 'js' };
    });
  },
};

/** The shipped locales: one file per language in src/locales (and its on-demand half). */
export const LOCALE_CODES = readdirSync(resolve(HERE, 'src/locales'))
  .map((f) => /^([a-z]{2})\.ts$/.exec(f)?.[1])
  .filter((c): c is string => c !== undefined)
  .sort();

/**
 * Builds each locale as a module of its own — its strings for the first render, and those of the
 * parts opened on demand — and answers their file names by code. The loader knows these names,
 * so it can fetch the reader's locale beside the app instead of after it.
 */
async function buildLocales(common: esbuild.BuildOptions, outdir: string): Promise<Record<string, [string, string]>> {
  const entryPoints: Record<string, string> = {};
  for (const code of LOCALE_CODES) {
    entryPoints[`locale-${code}`] = resolve(HERE, `src/locales/${code}.ts`);
    entryPoints[`later-${code}`] = resolve(HERE, `src/locales-on-demand/${code}.ts`);
  }
  const result = await esbuild.build({ ...common, charset: 'utf8', entryPoints, outdir, format: 'esm', entryNames: '[name]-[hash]', metafile: true });
  const names: Record<string, [string, string]> = {};
  for (const file of Object.keys(result.metafile!.outputs)) {
    const [, kind, code] = /(locale|later)-([a-z]{2})-/.exec(basename(file)) ?? [];
    if (!code) continue;
    names[code] ??= ['', ''];
    names[code][kind === 'locale' ? 0 : 1] = basename(file);
  }
  return names;
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

export async function buildWidget(options: BuildOptions): Promise<{ files: string[]; app: string; locales: Record<string, [string, string]>; metafile: esbuild.Metafile }> {
  const minify = options.minify ?? true;
  rmSync(options.outdir, { recursive: true, force: true });
  const common: esbuild.BuildOptions = {
    bundle: true,
    minify,
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  const appOptions: esbuild.BuildOptions = {
    ...common,
    // Modules are always decoded as UTF-8, so non-ASCII text (every locale but English) can stay
    // as it is instead of \uXXXX escapes twice its size.
    charset: 'utf8',
    entryPoints: { 'parley-app': resolve(HERE, 'src/app/main.tsx') },
    outdir: options.outdir,
    format: 'esm',
    splitting: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    plugins: [cssAsText],
  };
  const app = await esbuild.build(appOptions);
  if (minify) await squeeze(Object.keys(app.metafile!.outputs).filter((f) => f.endsWith('.js')));
  const appFile = Object.entries(app.metafile!.outputs).find(([, o]) => o.entryPoint?.endsWith('main.tsx'))![0];
  const locales = await buildLocales(common, options.outdir);
  const loaderOptions: esbuild.BuildOptions = {
    ...common,
    entryPoints: [resolve(HERE, 'src/loader.ts')],
    outfile: resolve(options.outdir, 'embed.js'),
    format: 'iife',
    define: { ...common.define, __PARLEY_APP__: JSON.stringify(basename(appFile)), __PARLEY_LOCALES__: JSON.stringify(locales) },
  };
  await esbuild.build(loaderOptions);
  // The count script for listing pages stands alone: no app, no Preact.
  await esbuild.build({ ...common, entryPoints: [resolve(HERE, 'src/count.ts')], outfile: resolve(options.outdir, 'count.js'), format: 'iife' });
  if (options.watch) {
    // Rebuilding the app changes its hash, and the loader must follow: rebuild both together.
    const ctx = await esbuild.context({ ...appOptions, plugins: [cssAsText, { name: 'rebuild-loader', setup: (b) => b.onEnd(() => void buildWidget({ ...options, watch: false })) }] });
    await ctx.watch();
  }
  return { files: [...Object.keys(app.metafile!.outputs), ...Object.values(locales).flat(), 'embed.js', 'count.js'].map((f) => basename(f)), app: basename(appFile), locales, metafile: app.metafile! };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = resolve(HERE, '../dist/widget');
  const { files } = await buildWidget({ outdir });
  for (const file of files) {
    const bytes = readFileSync(resolve(outdir, file));
    console.log(`${file.padEnd(32)} ${String(bytes.length).padStart(7)} B   gzip ${String(gzipSync(bytes, { level: 9 }).length).padStart(6)} B`);
  }
}
