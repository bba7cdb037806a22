import { ImportFileError } from './import-error.ts';

/**
 * Disqus mails its export as a .xml.gz file; this takes it as it is. Gzip is recognised by its
 * magic bytes (1f 8b), not the name, and decompressed as a stream (DecompressionStream, in Node
 * and Workers alike); anything else passes through untouched.
 */
export async function* gunzipIfNeeded(bytes: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<Uint8Array> {
  const source = bytes[Symbol.asyncIterator]();
  const first = await source.next();
  if (first.done) return;
  const rest: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => source };
  if (!(first.value[0] === 0x1f && first.value[1] === 0x8b)) {
    yield first.value;
    yield* rest;
    return;
  }
  const gunzip = new DecompressionStream('gzip');
  const writer = gunzip.writable.getWriter();
  // Feeds the compressed bytes in while the loop below reads the output; each write waits for
  // room, so neither side runs ahead of the other.
  const feed = (async () => {
    await writer.write(first.value as Uint8Array<ArrayBuffer>);
    for await (const chunk of rest) await writer.write(chunk as Uint8Array<ArrayBuffer>);
    await writer.close();
  })();
  let fed: unknown;
  feed.catch((err: unknown) => {
    fed = err;
  });
  const reader = gunzip.readable.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
  } catch (err) {
    if (fed) throw fed;
    throw new ImportFileError(file, `the file is gzip-compressed but damaged or cut short (${(err as Error).message})`);
  }
  await feed;
}
