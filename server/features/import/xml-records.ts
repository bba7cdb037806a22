import { decodeHTMLStrict } from 'entities';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportFileError } from './import-error.ts';

/** One element of a record: its attributes, its text (CDATA included) and its child elements. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
  /** Line where the element starts, for messages about it. */
  line: number;
}

export interface RecordRules {
  /** Whether an element opening at `depth` (the root is 0) under `parent` starts a record. */
  isRecord(name: string, depth: number, parent: XmlNode | undefined): boolean;
  /** Elements whose content the importer never uses (article bodies, meta): not kept at all. */
  skip?: ReadonlySet<string>;
}

export interface RecordEvent {
  node: XmlNode;
  /** The records this one sits in, outermost first, as read so far (a WXR item around a comment). */
  within: XmlNode[];
}

/** Longest text kept for one element; a longer one is cut, so one hostile element cannot fill memory. */
export const MAX_TEXT = 1_000_000;
/** Most child elements kept under one element; a record is a handful, a hostile one could be millions. */
const MAX_CHILDREN = 1_000;

/**
 * Reads an XML document as a stream and hands over small records (a Disqus post, a WXR comment)
 * as they close, so memory holds one record at a time however big the file.
 *
 * The parser is saxes: well-formedness is checked, and a DOCTYPE is reported but its declarations
 * are never processed, so an entity declared there (external file, URL, or an expansion bomb) is
 * neither fetched nor expanded; using one stops the import with a message instead.
 *
 * `onRecords` is awaited after each chunk with what that chunk completed, which is the
 * back-pressure: the file is read no faster than the database takes the records.
 */
export async function readXmlRecords(
  text: AsyncIterable<string>,
  file: string,
  rules: RecordRules,
  onRecords: (events: RecordEvent[], root: XmlNode) => Promise<void>,
): Promise<XmlNode> {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  // Exports written by hand or by plugins use HTML's named characters (&nbsp; &eacute;) outside
  // CDATA, which XML does not define. They are fixed characters from the HTML standard (one or
  // two code points, never a DTD's declaration), so reading them cannot fetch or expand anything.
  const xmlEntities = parser.ENTITIES;
  parser.ENTITIES = new Proxy(xmlEntities, {
    get: (known, name) => (typeof name === 'string' ? (known[name] ?? htmlCharacter(name)) : undefined),
  });
  const stack: XmlNode[] = [];
  /** Indexes into `stack` of the open records. */
  const recordDepths: number[] = [];
  let skipping = 0;
  let pending: RecordEvent[] = [];
  let root: XmlNode | undefined;
  let failure: ImportFileError | undefined;

  const appendText = (t: string) => {
    // Outside records only the channel-level facts (depth 2, e.g. the WXR base URL) are read;
    // the whitespace between a million records is not worth keeping on the root.
    if (skipping > 0 || (recordDepths.length === 0 && stack.length !== 3)) return;
    const node = stack.at(-1);
    if (node && node.text.length < MAX_TEXT) node.text += t.slice(0, MAX_TEXT - node.text.length);
  };

  parser.on('error', (err) => {
    failure ??= new ImportFileError(file, describe(err.message), parser.line, parser.column);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (skipping > 0 || rules.skip?.has(tag.name)) {
      skipping++;
      return;
    }
    const node: XmlNode = { name: tag.name, attrs: tag.attributes as Record<string, string>, text: '', children: [], line: parser.line };
    const depth = stack.length;
    const parent = stack.at(-1);
    if (rules.isRecord(tag.name, depth, parent)) {
      recordDepths.push(depth);
    } else if (parent && (recordDepths.length > 0 || depth <= 2) && parent.children.length < MAX_CHILDREN) {
      // Inside a record, or near the root (channel-level facts such as the WXR version).
      parent.children.push(node);
    }
    if (depth === 0) root = node;
    stack.push(node);
  });
  parser.on('closetag', () => {
    if (skipping > 0) {
      skipping--;
      return;
    }
    const depth = stack.length - 1;
    const node = stack.pop()!;
    if (recordDepths.at(-1) === depth) {
      recordDepths.pop();
      pending.push({ node, within: recordDepths.map((d) => stack[d]!) });
    }
  });
  parser.on('text', appendText);
  parser.on('cdata', appendText);

  const deliver = async () => {
    if (failure) throw failure;
    if (pending.length === 0 || !root) return;
    const events = pending;
    pending = [];
    await onRecords(events, root);
  };

  for await (const chunk of text) {
    parser.write(chunk);
    await deliver();
  }
  parser.close();
  await deliver();
  if (!root) throw new ImportFileError(file, 'the file is empty or is not XML');
  return root;
}

function htmlCharacter(name: string): string | undefined {
  const reference = `&${name};`;
  const decoded = decodeHTMLStrict(reference);
  return decoded !== reference && [...decoded].length <= 2 ? decoded : undefined;
}

/** saxes says what broke in parser terms; add what the operator should know about entities. */
function describe(message: string): string {
  // saxes prefixes "line:column: "; the position is reported separately.
  const bare = message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
  if (/undefined entity/i.test(bare)) {
    return `${bare} (entities declared in a DTD are never expanded and external entities are never fetched; this is not a plain export)`;
  }
  return `the file is not well-formed XML: ${bare}`;
}
