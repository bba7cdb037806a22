/** An ALTCHA v1 challenge: find n ≤ maxnumber with SHA-256(salt + n) = challenge. */
export interface PowChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/**
 * The search over every `step`th number from `first`. Self-contained (no outside names), because it
 * is also the Web Workers' source. Digests are started in batches: awaiting each alone would spend
 * most of the time waiting; they are compared by their first 32 bits, then in full.
 */
async function search(challenge: string, salt: string, max: number, first: number, step: number): Promise<number> {
  const encoder = new TextEncoder();
  const head = parseInt(challenge.slice(0, 8), 16);
  const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
  for (let start = first; start <= max; start += 1000 * step) {
    const batch: Promise<ArrayBuffer>[] = [];
    for (let n = start; n < start + 1000 * step && n <= max; n += step) batch.push(crypto.subtle.digest('SHA-256', encoder.encode(salt + n)));
    const found = (await Promise.all(batch)).findIndex((digest) => new DataView(digest).getUint32(0) === head && hex(digest) === challenge);
    if (found >= 0) return start + found * step;
  }
  return -1;
}

/**
 * Solves a challenge off the main thread, split across up to four Web Workers (one per core), so
 * the page never stutters. Host pages whose Content Security Policy forbids blob: workers still
 * work: the search then runs here, a batch at a time.
 */
export function solvePow(c: PowChallenge): Promise<number> {
  const args = [c.challenge, c.salt, c.maxnumber] as const;
  try {
    const url = URL.createObjectURL(new Blob([`onmessage=async e=>postMessage(await(${search})(...e.data))`], { type: 'text/javascript' }));
    const count = Math.min(4, navigator.hardwareConcurrency || 1);
    const workers = Array.from({ length: count }, () => new Worker(url));
    return new Promise<number>((resolve) => {
      let left = count;
      let fallback: Promise<number> | undefined;
      const finish = (n: number) => {
        for (const w of workers) w.terminate();
        URL.revokeObjectURL(url);
        resolve(n);
      };
      workers.forEach((worker, i) => {
        // The first to find it ends the search; if none does, the last one says so.
        worker.onmessage = (e: MessageEvent<number>) => (e.data >= 0 || --left < 1) && finish(e.data);
        // A worker the page may not start (CSP): search here instead, once.
        worker.onerror = () => void (fallback ??= search(...args, 0, 1)).then(finish);
        worker.postMessage([...args, i, count]);
      });
    });
  } catch {
    return search(...args, 0, 1);
  }
}

/** The payload the server verifies (base64 JSON, ALTCHA's format). */
export async function powPayload(c: PowChallenge): Promise<string> {
  const number = await solvePow(c);
  return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature }));
}
