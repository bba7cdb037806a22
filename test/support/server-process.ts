import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  dbPath: string;
  /** The temp directory holding the database (and anything a test puts beside it). */
  dir: string;
  output(): string;
  /** Sends a signal (SIGTERM by default) and answers the exit code once the process has exited. */
  signal(signal?: NodeJS.Signals): Promise<number | null>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Run the production bundle (dist/server/node.js) with plain node, as `npm start` does. */
  bundle?: boolean;
  /** Prepares the temp directory before the server starts (e.g. a database with an owner). */
  prepare?(dir: string, dbPath: string): Promise<void> | void;
}

/**
 * Starts the real Node entry (as `npm start` does, minus the build) on a free port with a fresh
 * database file in a temp directory, and waits until it answers.
 */
export async function startServerProcess(env: Record<string, string> = {}, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const dbPath = join(dir, 'parley.db');
  await options.prepare?.(dir, dbPath);
  let output = '';
  const args = options.bundle ? ['dist/server/node.js'] : ['--import', 'tsx', 'server/entry/node.ts'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), PUBLIC_URL: url, DATABASE_PATH: dbPath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  // 'close' rather than 'exit': by then everything the process wrote has been read.
  const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null || i > 300) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dbPath,
    dir,
    output: () => output,
    signal: async (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
