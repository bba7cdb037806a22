import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { nodeHashing } from '../../../server/entry/node-hashing.ts';
import { webCryptoHashing } from '../../../server/hashing.ts';
import { addEditor, aComment, makeTestApp, signIn, type TestApp } from '../../support/test-app.ts';
import { solvedProof } from '../../support/spam-proof.ts';

const LIST = '/api/v1/sites/news/comments';
const apps: TestApp[] = [];
async function app(options: Parameters<typeof makeTestApp>[0] = {}): Promise<TestApp> {
  const t = await makeTestApp(options);
  apps.push(t);
  return t;
}
afterEach(() => {
  for (const t of apps.splice(0)) t.close();
});

describe("the Node entry's synchronous hashing", () => {
  it('answers exactly what WebCrypto answers, for ASCII, Unicode and empty inputs', async () => {
    const secrets = ['test-secret-test-secret-test-secret', 'clé-secrète-ünïcode-🔑-0123456789abcdef'];
    const values = ['', 'ip:203.0.113.7', 'email:zoë@example.com', 'rate:20417:2001:db8::1', 'نص عربي', 'x'.repeat(5000)];
    for (const secret of secrets) {
      for (const value of values) {
        expect(nodeHashing.hmacHex(secret, value)).toBe(await webCryptoHashing.hmacHex(secret, value));
      }
    }
    for (const value of values) expect(nodeHashing.sha256Hex(value)).toBe(await webCryptoHashing.sha256Hex(value));
  });

  it('keeps every stored keyed hash the same, so bans and limits made before still apply', async () => {
    const web = await app({ spamDefences: true });
    const node = await app({ spamDefences: true, hashing: nodeHashing });
    const stored = async (t: TestApp) => {
      const body = 'The same words, long enough to be fingerprinted for duplicates.';
      const proof = await solvedProof(t);
      t.tick(10_000);
      const res = await t.post(LIST, { ...aComment({ body, authorEmail: 'ada@example.com' }), ...proof }, { 'X-Parley-Reader': 'r'.repeat(32) });
      expect(res.status).toBe(201);
      return t.db.all<Record<string, string>>(sql`select ip_hash, body_hash, author_key from comments`);
    };
    expect(await stored(node)).toEqual(await stored(web));
    const counters = (t: TestApp) => t.db.all<{ key: string }>(sql`select key from rate_limits order by key`);
    expect(await counters(node)).toEqual(await counters(web));
  });

  it('still refuses a commenter banned by address when the ban was made through the app', async () => {
    const t = await app({ hashing: nodeHashing });
    await addEditor(t, 'mod@example.com', 'moderator');
    const mod = await signIn(t, 'mod@example.com');
    const troll = (await t.post(LIST, aComment({ body: 'first' }))).body.comment;
    expect((await t.post('/api/v1/admin/bans', { site: 'news', kind: 'ip', commentId: troll.id }, mod.headers)).status).toBe(201);
    const res = await t.post(LIST, aComment({ body: 'again' }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('banned');
  });
});

describe('statements prepared once per database', () => {
  it('writes each post to its own database when two databases share the process, at once', async () => {
    const a = await app();
    const b = await app();
    const posts = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).post(LIST, aComment({ body: `comment ${i}`, page: `/p${i % 3}` })));
    const answers = await Promise.all(posts);
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    for (const [t, parity] of [[a, 0], [b, 1]] as const) {
      const rows = await t.db.all<{ body_source: string }>(sql`select body_source from comments order by body_source`);
      expect(rows.map((r) => Number(r.body_source.split(' ')[1]) % 2)).toEqual(Array(10).fill(parity));
      const counts = await t.db.all<{ n: number }>(sql`select sum(comment_count) as n from pages`);
      expect(counts[0]!.n).toBe(10);
    }
  });

  it('binds a missing parent, email or title as null, and a reply as its thread', async () => {
    const t = await app();
    const root = (await t.post(LIST, aComment({ title: 'Story' }))).body.comment;
    const reply = await t.post(LIST, aComment({ body: 'reply', parentId: root.id, authorEmail: 'b@example.com' }));
    expect(reply.status).toBe(201);
    const rows = await t.db.all<Record<string, unknown>>(sql`select id, parent_id, root_id, depth, author_email from comments order by depth`);
    expect(rows).toEqual([
      { id: root.id, parent_id: null, root_id: null, depth: 0, author_email: null },
      { id: reply.body.comment.id, parent_id: root.id, root_id: root.id, depth: 1, author_email: 'b@example.com' },
    ]);
    const page = await t.db.all<Record<string, unknown>>(sql`select title, url, comment_count from pages`);
    expect(page).toEqual([{ title: 'Story', url: null, comment_count: 2 }]);
  });
});

describe('the proof-of-work check through the runtime hashing', () => {
  it("agrees with altcha's own verifySolution on good, altered and made-up payloads, with either hashing", async () => {
    const { verifySolution } = await import('altcha-lib/v1');
    const { issueChallenge, verifyProofOfWork } = await import('../../../server/features/spam/bot-checks.ts');
    const secret = 'test-secret-test-secret-test-secret';
    const now = Date.UTC(2026, 10, 25, 12);
    const issued = await issueChallenge(secret, 'news', 200, now);
    const nonce = issued.formToken.split('.')[1]!;
    const c = issued.challenge;
    let number = 0;
    while ((await webCryptoHashing.sha256Hex(`${c.salt}${number}`)) !== c.challenge) number++;
    const good = { algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature };
    const payloads = [
      good,
      { ...good, number: number + 1 },
      { ...good, signature: good.signature.replace(/^./, (d) => (d === 'a' ? 'b' : 'a')) },
      { ...good, challenge: '0'.repeat(64) },
      // The salt without its closing '&': altcha adds it back before hashing.
      { ...good, salt: good.salt.replace(/&$/, '') },
      { ...good, salt: `${good.salt}x` },
    ];
    const answers = [];
    for (const payload of payloads) {
      const pow = btoa(JSON.stringify(payload));
      const altcha = await verifySolution(payload as Parameters<typeof verifySolution>[0], `${secret}:altcha`, false);
      expect(await verifyProofOfWork(pow, secret, nonce, now)).toBe(altcha);
      expect(await verifyProofOfWork(pow, secret, nonce, now, nodeHashing)).toBe(altcha);
      answers.push(altcha);
    }
    expect(answers).toEqual([true, false, false, false, true, false]);
  });
});
