/** An ALTCHA v1 challenge: find n ≤ maxnumber with SHA-256(salt + n) = challenge. */
export interface PowChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/**
 * The search. Self-contained (no outside names), because it also runs as the Web Worker's source.
 * Digests are started in batches: awaiting each one alone would spend most of the time waiting.
 */
async function search(challenge: string, salt: string, max: number): Promise<number> {
  const encoder = new TextEncoder();
  // Digests are compared by their first 32 bits, then in full: no hex string per try.
  const head = parseInt(challenge.slice(0, 8), 16);
  const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
  for (let start = 0; start <= max; start += 1000) {
    const batch: Promise<ArrayBuffer>[] = [];
    for (let n = start; n < start + 1000 && n <= max; n++) batch.push(crypto.subtle.digest('SHA-256', encoder.encode(salt + n)));
    const found = (await Promise.all(batch)).findIndex((digest) => new DataView(digest).getUint32(0) === head && hex(digest) === challenge);
    if (found >= 0) return start + found;
  }
  return -1;
}

/**
 * Solves a challenge off the main thread, so the page never stutters. Host pages whose Content
 * Security Policy forbids blob: workers still work: the search then runs here, a batch at a time.
 */
export function solvePow(c: PowChallenge): Promise<number> {
  try {
    const url = URL.createObjectURL(new Blob([`onmessage=async e=>postMessage(await(${search})(...e.data))`], { type: 'text/javascript' }));
    const worker = new Worker(url);
    return new Promise<number>((resolve) => {
      const done = (n: number) => {
        worker.terminate();
        URL.revokeObjectURL(url);
        resolve(n);
      };
      worker.onmessage = (e: MessageEvent<number>) => done(e.data);
      worker.onerror = () => void search(c.challenge, c.salt, c.maxnumber).then(done);
      worker.postMessage([c.challenge, c.salt, c.maxnumber]);
    });
  } catch {
    return search(c.challenge, c.salt, c.maxnumber);
  }
}

/** The payload the server verifies (base64 JSON, ALTCHA's format). */
export async function powPayload(c: PowChallenge): Promise<string> {
  const number = await solvePow(c);
  return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature }));
}
