/**
 * The cost of the spam layers: how long a reader's browser works on the proof of work (real
 * Chromium, the widget's own solver in a Web Worker), and what checking a submission costs the
 * server (form token, spend-once insert, proof-of-work verification).
 */
import { createHash } from 'node:crypto';
import { createChallenge } from 'altcha-lib/v1';
import * as esbuild from 'esbuild';
import { resolve } from 'node:path';
import { openSqlite } from '../../db/open-sqlite.ts';
import { spamSettingsSchema } from '../../server/features/spam/index.ts';
import { botCheckFailures, issueChallenge } from '../../server/features/spam/bot-checks.ts';
import { launchBrowser } from '../support/browser.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Timing {
  label: string;
  median: number;
  p95: number;
  mean: number;
  n: number;
}

function summarise(label: string, ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { label, median: at(0.5), p95: at(0.95), mean: ms.reduce((s, x) => s + x, 0) / ms.length, n: ms.length };
}

/** Solves `rounds` fresh challenges at each difficulty in headless Chromium; wall time per solve. */
export async function powSolveInChromium(difficulties: number[], rounds: number): Promise<Timing[]> {
  const bundle = await esbuild.build({
    entryPoints: [resolve(ROOT, 'widget/src/app/pow-solver.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'parleyPow',
    target: 'es2020',
    write: false,
  });
  const solver = bundle.outputFiles[0]!.text;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    // localhost is a secure context (crypto.subtle); the page is served by the route itself.
    await page.route('http://localhost/pow', (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>pow</title><script>${solver}</script>` }));
    await page.goto('http://localhost/pow');
    const results: Timing[] = [];
    for (const maxnumber of difficulties) {
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const challenge = await createChallenge({ hmacKey: 'bench', maxnumber });
        const { ms, ok } = await page.evaluate(async (c) => {
          const started = performance.now();
          const n = await (window as unknown as { parleyPow: { solvePow(c: unknown): Promise<number> } }).parleyPow.solvePow(c);
          return { ms: performance.now() - started, ok: n >= 0 };
        }, challenge);
        if (!ok) throw new Error('the solver found no solution');
        times.push(ms);
      }
      results.push(summarise(`PoW solve in Chromium, maxnumber ${maxnumber.toLocaleString('en')}`, times));
    }
    return results;
  } finally {
    await browser.close();
  }
}

/**
 * `count` form tokens for `scope`, issued at `issuedAt`, each with its proof of work solved (at
 * difficulty 1,000): what a reader's browser sends beside a comment with the spam layers on.
 */
export async function mintProofs(secret: string, scope: string, count: number, issuedAt: number): Promise<{ formToken: string; pow: string }[]> {
  const proofs = [];
  for (let i = 0; i < count; i++) {
    const issued = await issueChallenge(secret, scope, 1000, issuedAt);
    const c = issued.challenge;
    let n = 0;
    while (createHash('sha256').update(c.salt + n).digest('hex') !== c.challenge) n++;
    proofs.push({ formToken: issued.formToken, pow: btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature })) });
  }
  return proofs;
}

/** Server time to check one submission's proof (valid, so every step runs), on a SQLite file. */
export async function verificationCost(dbPath: string, rounds: number): Promise<Timing> {
  const { db, close } = openSqlite(dbPath);
  const secret = 'bench-secret-bench-secret-bench-secret';
  const settings = spamSettingsSchema.parse({});
  try {
    const now = Date.now();
    const proofs = await mintProofs(secret, 'demo', rounds, now - 10_000);
    const times: number[] = [];
    for (const proof of proofs) {
      const started = performance.now();
      const failures = await botCheckFailures(proof, { db, secret, scope: 'demo', now, minFillSeconds: settings.minFillSeconds });
      times.push(performance.now() - started);
      if (failures.length > 0) throw new Error(`bench proof refused: ${failures.join(', ')}`);
    }
    return summarise('server: check one submission (token, spend once, PoW)', times);
  } finally {
    close();
  }
}
