import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../../db/client.ts';
import type { ImportSource } from '../../../db/schema.ts';
import { ImportFileError } from '../../../server/features/import/import-error.ts';
import { FIXTURES, HAVE_FIXTURES } from '../../support/fixtures-path.ts';
import { importDb, importedRows, importText, tableCounts } from '../../support/import-helpers.ts';

/**
 * XXE and entity-expansion attacks against both importers. External entities (a local file, a
 * URL on a loopback server that counts requests) must never be read, and declared entities
 * never expanded: a file that uses one is refused with a message, one that only declares them
 * imports its plain content.
 */

let hits: string[] = [];
/** A request of the test's own, sent last: once it is answered, the server has seen any fetch the import sent before it. */
const SETTLED = '/settled';
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== SETTLED) hits.push(req.url ?? '');
    res.end('<!ENTITY leak "LEAKED-FROM-SERVER">');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let db: AppDb;
let close: () => void;
beforeEach(async () => {
  ({ db, close } = await importDb());
  hits = [];
});
afterEach(() => close());

const thread = '<thread dsq:id="1"><link>https://n.example/a</link><title>T</title></thread>';
const disqusWith = (doctype: string, message: string) =>
  `<?xml version="1.0"?>\n${doctype}\n<disqus xmlns:dsq="x">${thread}<post dsq:id="2"><message>${message}</message><author><name>A</name></author><thread dsq:id="1"/></post></disqus>`;

/** Waits until the server has handled everything sent to it before now, instead of a fixed pause. */
async function settled(): Promise<void> {
  await (await fetch(`${base}${SETTLED}`)).text();
}

async function refused(source: ImportSource, xml: string): Promise<ImportFileError> {
  const err = await importText(db, source, xml, { file: 'attack.xml' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ImportFileError);
  return err as ImportFileError;
}

describe('hostile XML', () => {
  it('does not read a local file through an external entity', async () => {
    const err = await refused('disqus', disqusWith('<!DOCTYPE disqus [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 'secret: &xxe;'));
    expect(err.message).toMatch(/^attack\.xml, line 3, column \d+: undefined entity .*never expanded.*never fetched/);
    expect(await tableCounts(db)).toMatchObject({ comments: 0, pages: 0 });
  });

  it('does not fetch an external entity, a parameter entity or an external DTD over http', async () => {
    await refused('disqus', disqusWith(`<!DOCTYPE disqus [<!ENTITY xxe SYSTEM "${base}/entity">]>`, '&xxe;'));
    // Declared but not used: the DTD is ignored, not fetched, and the plain content imports.
    const summary = await importText(db, 'disqus', disqusWith(`<!DOCTYPE disqus SYSTEM "${base}/dtd" [<!ENTITY % remote SYSTEM "${base}/param"> %remote;]>`, 'plain text'));
    expect(summary.comments.approved).toBe(1);
    expect((await importedRows(db))[0]!.bodySource).toBe('plain text');
    await refused('wordpress', `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "${base}/wxr">]><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><link>https://n.example/</link><wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>&xxe;</wp:comment_content></wp:comment></item></channel></rss>`);
    await settled();
    expect(hits).toEqual([]);
  });

  it('does not expand an entity bomb (billion laughs): refused at once, in little memory', async () => {
    const lols = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lols.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = disqusWith(`<!DOCTYPE disqus [${lols.join('')}]>`, '&lol9;');
    const heap = process.memoryUsage().heapUsed;
    const started = performance.now();
    const err = await refused('disqus', bomb);
    expect(err.problem).toMatch(/undefined entity/);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(50 * 1024 * 1024);
    // A quadratic blow-up (one big entity used many times) is refused the same way.
    const quadratic = disqusWith(`<!DOCTYPE disqus [<!ENTITY a "${'a'.repeat(50_000)}">]>`, '&a;'.repeat(10_000));
    expect((await refused('disqus', quadratic)).problem).toMatch(/undefined entity/);
  });

  it('keeps predefined and numeric character references, which are not entities from a DTD', async () => {
    await importText(db, 'disqus', disqusWith('', '&lt;b&gt;bold&lt;/b&gt; &#233;&#x263A; &amp;amp;'));
    expect((await importedRows(db))[0]).toMatchObject({ bodySource: '**bold** é☺ &', bodyHtml: '<p><strong>bold</strong> é☺ &amp;</p>' });
  });

  it('reads HTML named characters outside CDATA, and still refuses names HTML does not define', async () => {
    await importText(db, 'disqus', disqusWith('', '&lt;p&gt;caf&eacute;&nbsp;&hellip; &amp;copy; &lt;/p&gt;'));
    expect((await importedRows(db))[0]!.bodySource).toBe('café\u00a0… ©');
    const err = await refused('disqus', disqusWith('<!DOCTYPE disqus [<!ENTITY nbspx "x">]>', '&nbspx;'));
    expect(err.problem).toMatch(/^undefined entity/);
  });

  it.skipIf(!HAVE_FIXTURES)('survives every payload in ../shared/fixtures/xml-attacks as a whole file and inside an export', async () => {
    for (const name of ['patt-xml-attacks.txt', 'patt-XXE_Fuzzing.txt']) {
      const lines = readFileSync(join(FIXTURES, 'xml-attacks', name), 'utf8').split('\n').filter((l) => l.trim());
      for (const line of lines) {
        // Point every URL at the counting loopback server, so a fetch would show (and reach nothing outside).
        const payload = line.replace(/https?:\/\/[^"'\s>]+/g, `${base}/payload`);
        for (const source of ['disqus', 'wordpress'] as const) {
          // The payload as the whole file; then its DOCTYPE (if any) in front of a real export,
          // and its text inside a comment body.
          const doctype = /<!DOCTYPE[\s\S]*?\]>/.exec(payload)?.[0] ?? '';
          const files = [payload, disqusWith(doctype, payload.replace(/<\?xml[^>]*>|<!DOCTYPE[\s\S]*?\]>/g, ''))];
          for (const file of files) {
            const result = await importText(db, source, file, { file: 'payload.xml' }).catch((e: unknown) => e);
            if (result instanceof Error) {
              expect(result, `${source}: ${line}`).toBeInstanceOf(ImportFileError);
              expect(result.message).toMatch(/^payload\.xml(, line \d+(, column \d+)?)?: /);
            }
          }
        }
      }
    }
    for (const row of await importedRows(db)) {
      expect(row.bodySource).not.toMatch(/root:x:0:0|LEAKED/);
      expect(row.bodyHtml).not.toMatch(/<(?:script|img|iframe|xml|span)\b|\son\w+=/i);
    }
    await settled();
    expect(hits).toEqual([]);
  });
});
