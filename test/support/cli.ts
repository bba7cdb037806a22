import { format } from 'node:util';
import { vi } from 'vitest';
import { main } from '../../server/cli/main.ts';

export interface CliRun {
  code: number;
  /** What the command printed on standard output (console.log and direct writes). */
  out: string;
  /** What it printed on standard error. */
  err: string;
}

/**
 * Runs `npm run parley -- …argv` inside the test's own process: the CLI's `main` with `env`
 * added to process.env for the call, and its output captured instead of printed. A separate
 * process would add a TypeScript compile per call; tests about the process itself (exit on a
 * crash, holding a lock against the server) spawn server/cli/parley.ts instead.
 */
export async function parley(env: Record<string, string>, ...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const toOut = (...args: unknown[]) => void (out += `${format(...args)}\n`);
  const toErr = (...args: unknown[]) => void (err += `${format(...args)}\n`);
  const writer = (append: (text: string) => void) =>
    ((chunk: string | Uint8Array, encodingOrDone?: unknown, done?: unknown) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
      if (typeof callback === 'function') queueMicrotask(() => callback());
      return true;
    }) as typeof process.stdout.write;
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const spies = [
    vi.spyOn(console, 'log').mockImplementation(toOut),
    vi.spyOn(console, 'info').mockImplementation(toOut),
    vi.spyOn(console, 'error').mockImplementation(toErr),
    vi.spyOn(console, 'warn').mockImplementation(toErr),
    vi.spyOn(process.stdout, 'write').mockImplementation(writer((text) => (out += text))),
    vi.spyOn(process.stderr, 'write').mockImplementation(writer((text) => (err += text))),
  ];
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    for (const spy of spies) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}
