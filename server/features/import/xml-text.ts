import { ImportFileError } from './import-error.ts';

/** How many bytes to look at for a byte-order mark and the XML declaration's encoding. */
const SNIFF_BYTES = 512;

/**
 * Turns the bytes of an XML file into text, chunk by chunk, in the encoding the file declares.
 *
 * Exports are usually UTF-8, but old WordPress sites wrote ISO-8859-1 or windows-1252 and some
 * tools save UTF-16 with a byte-order mark; XML says the BOM wins, then the declaration.
 * Bytes that are not valid in the encoding become U+FFFD rather than failing the import: one
 * damaged comment should not cost the other hundred thousand.
 */
export async function* xmlText(bytes: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head: Uint8Array = new Uint8Array(0);
  for await (const chunk of bytes) {
    if (!decoder) {
      head = concat(head, chunk);
      if (head.length < SNIFF_BYTES) continue;
      decoder = decoderFor(head, file);
      yield decoder.decode(head, { stream: true });
      continue;
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  if (!decoder) {
    decoder = decoderFor(head, file);
    yield decoder.decode(head, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function decoderFor(head: Uint8Array, file: string): TextDecoder {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return new TextDecoder('utf-8');
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le');
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be');
  // No BOM: the declaration is ASCII in every encoding an export uses, so latin1 reads it.
  const start = new TextDecoder('latin1').decode(head);
  const declared = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(start)?.[1];
  if (!declared) return new TextDecoder('utf-8');
  try {
    return new TextDecoder(declared.toLowerCase());
  } catch {
    throw new ImportFileError(file, `the file declares encoding "${declared}", which Parley cannot read; save it as UTF-8 and try again`, 1);
  }
}
