import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, makeTestApp, type TestApp } from '../../support/test-app.ts';
import { problemsInHtml } from '../../support/inert-html.ts';
import { cleanName } from '../../../server/http/person-name.ts';

const LIST = '/api/v1/sites/news/comments';
const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures');

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

/** Posts a body and returns the rendered HTML from the listing, as readers get it. */
async function postAndRead(body: string, extra: Record<string, unknown> = {}) {
  const page = `/hostile/${Math.random().toString(36).slice(2)}`;
  const res = await t.post(LIST, aComment({ page, body, ...extra }));
  if (res.status !== 201) return { status: res.status, res };
  const list = await t.get(`${LIST}?page=${encodeURIComponent(page)}`);
  return { status: res.status, res, listed: list.body.comments[0] };
}

describe('hostile comment bodies are stored and returned inert', () => {
  const vectors = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg/onload=alert(1)>',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](java\tscript:alert(1))',
    '[click](javascript&#58;alert(1))',
    '[click](&#106;avascript:alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[click](vbscript:msgbox(1))',
    '<a href="javascript:alert(1)">x</a>',
    '[x](https://ok.example "title\\" onmouseover=\\"alert(1))',
    '[x](<javascript:alert(1)>)',
    '![x](javascript:alert(1))',
    '![x](https://tracker.example/pixel.gif)',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '&#60;script&#62;alert(1)&#60;/script&#62;',
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{display:none}</style>',
    '```html\n<script>alert(1)</script>\n```',
    '```"><script>alert(1)</script>\ncode\n```',
    '`<b onclick=alert(1)>`',
    '<http://example.com/"onmouseover="alert(1)>',
    'www.example.com/"><script>alert(1)</script>',
    '[a](https://example.com/" onclick="alert(1))',
    '<details open ontoggle=alert(1)>',
  ];
  for (const body of vectors) {
    it(`renders ${JSON.stringify(body)} inert`, async () => {
      const { status, listed, res } = await postAndRead(body);
      expect(status, JSON.stringify(res.body)).toBe(201);
      expect(problemsInHtml(listed.bodyHtml)).toEqual([]);
      // The words may survive as text; as markup they must not.
      expect(listed.bodyHtml).not.toMatch(/<(script|img|iframe|svg|style|details)|href="(?!https?:|mailto:)/i);
    });
  }

  it('keeps names and titles as data: the exact text comes back, never HTML', async () => {
    const name = '<img src=x onerror=alert(1)> "Bobby" & co';
    const { listed } = await postAndRead('hi', { authorName: name, title: '<script>alert(1)</script>' });
    expect(listed.authorName).toBe(name);
  });

  it('drops control and bidi-override characters from names', async () => {
    const { listed } = await postAndRead('hi', { authorName: 'evil\u202eliame\u0000 name' });
    expect(listed.authorName).toBe('evilliame name');
  });
});

// Real-world payload corpora from other projects (../shared/fixtures). A user's clone does not
// have them; CI does.
const corpora = ['xss-naughty/patt-RSNAKE_XSS.txt', 'xss-naughty/patt-XSS_Polyglots.txt', 'xss-naughty/patt-xss_payloads_quick.txt', 'xss-naughty/patt-IntrudersXSS.txt', 'xss-naughty/h5sc-html5sec-vectors.txt', 'markdown/markdownit-xss.txt'];
const haveFixtures = existsSync(FIXTURES);

describe.skipIf(!haveFixtures)('payload corpora from ../shared/fixtures', () => {
  for (const file of corpora) {
    it(`renders every line of ${file} inert, as body and as name`, async () => {
      const lines = readFileSync(resolve(FIXTURES, file), 'utf8').split('\n').filter((l) => l.trim());
      expect(lines.length).toBeGreaterThan(5);
      for (const line of lines) {
        const res = await t.post(LIST, aComment({ page: '/corpus', body: line, authorName: line.slice(0, 80) }));
        // Either refused as invalid (never a 500) or stored inert.
        expect([201, 400], line).toContain(res.status);
        if (res.status === 201) expect(problemsInHtml(res.body.comment.bodyHtml), line).toEqual([]);
      }
    });
  }

  it('never answers 500 to the big list of naughty strings in any field', async () => {
    const strings: string[] = JSON.parse(readFileSync(resolve(FIXTURES, 'xss-naughty/blns-upstream.json'), 'utf8'));
    for (const s of strings) {
      for (const field of ['body', 'authorName', 'authorEmail', 'title', 'page', 'url', 'parentId']) {
        const res = await t.post(LIST, aComment({ page: '/blns', [field]: s }));
        expect([201, 400], `${field}: ${JSON.stringify(s)}`).toContain(res.status);
        if (res.status === 201) expect(problemsInHtml(res.body.comment.bodyHtml)).toEqual([]);
      }
      const list = await t.get(`${LIST}?page=${encodeURIComponent(s)}`);
      expect([200, 400]).toContain(list.status);
    }
  }, 60_000);

  it('round-trips every naughty string as a name, changed only by the documented cleaning (NFKC, no invisible characters)', async () => {
    const strings: string[] = JSON.parse(readFileSync(resolve(FIXTURES, 'xss-naughty/blns-upstream.json'), 'utf8'));
    for (const s of strings) {
      const res = await t.post(LIST, aComment({ page: '/names', authorName: s }));
      if (res.status !== 201) continue;
      const expected = cleanName(s);
      expect(res.body.comment.authorName).toBe(expected);
    }
  }, 30_000);
});
