import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** One acknowledged write of the writer: the subscriber id and when it committed (epoch ms). */
export interface Ack {
  id: string;
  at: number;
}

export interface WriterProcess {
  /** Every write acknowledged so far, in commit order. */
  readonly acks: readonly Ack[];
  /** What the writer printed on stderr. */
  errors(): string;
  /** Resolves once `test` holds for the acks read so far; rejects if the writer exits first. */
  until(what: string, test: (acks: readonly Ack[]) => boolean): Promise<void>;
  /** SIGTERM, and wait for it to exit. */
  stop(): Promise<void>;
  /** For afterEach: ends it at once if a test failed before stopping it. */
  kill(): void;
}

/**
 * Starts test/support/concurrent-writer.ts on a database file: another process writing all
 * along, as a running server would. Waiting is on its output, never on a clock, so a slow start
 * on a loaded machine only takes longer (the test's own timeout bounds it).
 */
export function startWriter(dbPath: string, siteId: string): WriterProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/concurrent-writer.ts', dbPath, siteId], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  let errors = '';
  let rest = '';
  let exited = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout.on('data', (d: Buffer) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      const [id, at] = line.split(' ');
      acks.push({ id: id!, at: Number(at) });
    }
    wake();
  });
  child.stderr.on('data', (d: Buffer) => (errors += d));
  const exit = new Promise<void>((done) =>
    // 'close', not 'exit': by then every line it wrote has been read.
    child.once('close', () => {
      exited = true;
      wake();
      done();
    }),
  );
  return {
    acks,
    errors: () => errors,
    until: (what, test) =>
      new Promise<void>((done, fail) => {
        const check = () => {
          if (test(acks)) {
            waiters.delete(check);
            done();
          } else if (exited) {
            waiters.delete(check);
            fail(new Error(`the writer exited before ${what}: ${errors}`));
          }
        };
        waiters.add(check);
        check();
      }),
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
  };
}
