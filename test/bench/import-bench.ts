/**
 * Import throughput: writes a large synthetic Disqus export (threads, then posts with replies,
 * spam and deleted posts, some replies listed before their parents) to a temp file, imports it
 * in a child process (so its peak memory is the importer's alone) and reports posts/s and peak RSS.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** Writes `posts` Disqus posts over `posts / 100` threads, streaming, with back-pressure. */
export async function writeSyntheticDisqus(path: string, posts: number): Promise<number> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const threads = Math.max(1, Math.ceil(posts / 100));
  await write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n');
  for (let t = 0; t < threads; t++) {
    await write(`  <thread dsq:id="t${t}"><id>story-${t}</id><link>https://news.example.com/${2020 + (t % 6)}/story-${t}/</link><title>Story number ${t} &amp; its aftermath</title><createdAt>2024-01-01T00:00:00Z</createdAt><isDeleted>false</isDeleted></thread>\n`);
  }
  const base = Date.UTC(2024, 0, 1);
  for (let p = 0; p < posts; p++) {
    const thread = p % threads;
    // Every third post replies to an earlier post on the same thread; every 50th post replies to
    // a later one (a reply written before its parent), never one that points back (no cycles).
    const later = p + threads;
    const parent = p % 3 === 2 && p >= threads ? `<parent dsq:id="p${p - threads}"/>` : p % 50 === 1 && later < posts && later % 3 !== 2 ? `<parent dsq:id="p${later}"/>` : '';
    const spam = p % 97 === 0;
    const deleted = p % 89 === 0;
    await write(
      `  <post dsq:id="p${p}"><id/><message><![CDATA[<p>Comment ${p} on story ${thread}: the <b>harbour</b> plan is <i>interesting</i>, see <a href="https://example.org/r/${p}">the report</a>.</p><p>Second paragraph with a line<br>break.</p>]]></message>` +
        `<createdAt>${new Date(base + p * 1000).toISOString()}</createdAt><isDeleted>${deleted}</isDeleted><isSpam>${spam}</isSpam>` +
        `<author><name>Reader ${p % 977}</name><email>reader${p % 977}@example.com</email><isAnonymous>false</isAnonymous></author><thread dsq:id="t${thread}"/>${parent}</post>\n`,
    );
  }
  await write('</disqus>\n');
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

export interface ImportBench {
  posts: number;
  fileMb: number;
  seconds: number;
  postsPerSecond: number;
  /** Posts per second of CPU time the import used (the steadier figure on a busy machine). */
  postsPerCpuSecond: number;
  peakRssMb: number;
}

/** Generates the file in `dir` and imports it into a new database there, in a child process. */
export async function benchImport(dir: string, posts: number): Promise<ImportBench> {
  const file = join(dir, 'disqus-export.xml');
  const bytes = await writeSyntheticDisqus(file, posts);
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/bench/import-child.ts'), file, join(dir, 'import.db')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`import child exited with ${code}`);
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { comments: number; ms: number; cpuMs: number; maxRssKb: number };
  return {
    posts,
    fileMb: bytes / 1e6,
    seconds: result.ms / 1000,
    postsPerSecond: Math.round(posts / (result.ms / 1000)),
    postsPerCpuSecond: Math.round(posts / (result.cpuMs / 1000)),
    peakRssMb: result.maxRssKb / 1024,
  };
}
