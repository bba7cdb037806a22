/**
 * Reads an export file as a stream: the top-level fields one by one, and each record of each
 * section as it arrives, so restoring a large export needs memory for one record, not the file.
 * Any valid JSON layout is accepted (not only the one-record-a-line layout Parley writes), so a
 * file that went through jq or an editor still reads.
 */

export class ExportFileError extends Error {}

export type ExportItem = { kind: 'field'; key: string; value: unknown } | { kind: 'record'; section: string; record: unknown };

const WS = new Set([' ', '\t', '\n', '\r']);

class Scanner {
  private buf = '';
  private pos = 0;
  private done = false;
  /** Characters consumed before the buffer's start, for error positions. */
  private offset = 0;
  private readonly source: AsyncIterator<string>;

  constructor(chunks: AsyncIterable<string>) {
    this.source = chunks[Symbol.asyncIterator]();
  }

  where(): string {
    return `at character ${this.offset + this.pos}`;
  }

  /** Makes at least one unread character available; false at the end of the input. */
  private async fill(): Promise<boolean> {
    while (this.pos >= this.buf.length) {
      if (this.done) return false;
      const next = await this.source.next();
      if (next.done) {
        this.done = true;
        return false;
      }
      this.offset += this.buf.length;
      this.buf = next.value;
      this.pos = 0;
    }
    return true;
  }

  /** The next non-whitespace character, not consumed; undefined at the end. */
  async peek(): Promise<string | undefined> {
    for (;;) {
      if (!(await this.fill())) return undefined;
      const ch = this.buf[this.pos]!;
      if (!WS.has(ch)) return ch;
      this.pos++;
    }
  }

  async expect(ch: string, what: string): Promise<void> {
    const got = await this.peek();
    if (got !== ch) throw new ExportFileError(`expected ${what} ${this.where()}, found ${got === undefined ? 'the end of the file' : JSON.stringify(got)}`);
    this.pos++;
  }

  /** Reads one complete JSON value (any type) and parses it. */
  async value(): Promise<unknown> {
    if ((await this.peek()) === undefined) throw new ExportFileError(`the file ends early ${this.where()}`);
    let text = '';
    let depth = 0;
    let inString = false;
    let escaped = false;
    let started = false;
    for (;;) {
      if (!(await this.fill())) break;
      const from = this.pos;
      let end = -1;
      for (let i = this.pos; i < this.buf.length; i++) {
        const ch = this.buf[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (ch === '\\') escaped = true;
          else if (ch === '"') {
            inString = false;
            if (depth === 0) {
              end = i + 1;
              break;
            }
          }
          continue;
        }
        if (ch === '"') {
          inString = true;
          started = true;
        } else if (ch === '{' || ch === '[') {
          depth++;
          started = true;
        } else if (ch === '}' || ch === ']') {
          if (depth === 0) {
            end = i; // a scalar ended by its container's close
            break;
          }
          depth--;
          if (depth === 0) {
            end = i + 1;
            break;
          }
        } else if (ch === ',' && depth === 0) {
          end = i;
          break;
        } else if (!WS.has(ch)) started = true;
        else if (started && depth === 0) {
          end = i;
          break;
        }
      }
      if (end >= 0) {
        text += this.buf.slice(from, end);
        this.pos = end;
        break;
      }
      text += this.buf.slice(from);
      this.pos = this.buf.length;
    }
    if (text.trim() === '') throw new ExportFileError(`expected a value ${this.where()} (a stray comma?)`);
    if (depth > 0 || inString) throw new ExportFileError(`the file ends early, in the middle of a value ${this.where()} (was it cut off?)`);
    try {
      return JSON.parse(text);
    } catch {
      throw new ExportFileError(`not valid JSON ${this.where()}: ${text.slice(0, 80)}`);
    }
  }
}

/** The fields and records of an export, in file order. Throws {@link ExportFileError} on bad JSON. */
export async function* readExport(chunks: AsyncIterable<string>): AsyncGenerator<ExportItem> {
  const s = new Scanner(chunks);
  const first = await s.peek();
  if (first !== '{') throw new ExportFileError(`this is not a Parley export: it should be a JSON object, but starts with ${first === undefined ? 'nothing' : JSON.stringify(first)}`);
  await s.expect('{', '"{"');
  if ((await s.peek()) === '}') return;
  for (;;) {
    const key = await s.value();
    if (typeof key !== 'string') throw new ExportFileError(`expected a field name ${s.where()}`);
    await s.expect(':', '":"');
    if ((await s.peek()) === '[') {
      await s.expect('[', '"["');
      if ((await s.peek()) === ']') await s.expect(']', '"]"');
      else {
        for (;;) {
          yield { kind: 'record', section: key, record: await s.value() };
          if ((await s.peek()) === ',') await s.expect(',', '","');
          else {
            await s.expect(']', `"," or "]" after a record of ${key}`);
            break;
          }
        }
      }
    } else {
      yield { kind: 'field', key, value: await s.value() };
    }
    if ((await s.peek()) === ',') await s.expect(',', '","');
    else {
      await s.expect('}', '"," or "}"');
      break;
    }
  }
  if ((await s.peek()) !== undefined) throw new ExportFileError(`unexpected text after the end of the export ${s.where()}`);
}
