import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { akismetChecker } from '../../../server/features/spam/akismet.ts';
import type { SpamChecker } from '../../../server/features/spam/spam-checker.ts';
import { addEditor, aComment, makeTestApp, signIn, type TestApp } from '../../support/test-app.ts';
import { type Proof, setSpamSettings, solve, solvedProof } from '../../support/spam-proof.ts';

const COMMENTS = '/api/v1/sites/news/comments';
const CHALLENGE = '/api/v1/sites/news/challenge';

let t: TestApp;
async function start(options: { spamCheckers?: SpamChecker[] } = {}) {
  t = await makeTestApp({ spamDefences: true, ...options });
  // The lowest difficulty keeps the battery quick; one test below solves the default.
  await setSpamSettings(t, { powDifficulty: 1000 });
}
afterEach(() => t?.close());

const count = async (table: 'comments' | 'subscribers' | 'outbox' | 'flags') => (await t.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`))).n;

/** A proof the way a person's browser makes it: challenge, solved, then a few seconds of typing. */
async function humanProof(): Promise<Proof> {
  const proof = await solvedProof(t);
  t.tick(4000);
  return proof;
}

function expectRefused(res: { status: number; body: any }) {
  expect(res.status).toBe(403);
  expect(res.body.error.code).toBe('submission_refused');
  // Says nothing a script could use to learn which check it failed.
  expect(res.body.error.message).toBe('We could not accept this. Please reload the page and try again.');
  expect(res.body.error.fields).toBeUndefined();
}

describe('the challenge', () => {
  beforeEach(() => start());

  it('hands out a form token and a proof-of-work challenge, never cached', async () => {
    const res = await t.get(CHALLENGE);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.body).toMatchObject({ enabled: true, minFillSeconds: 3, honeypotField: 'website' });
    expect(res.body.formToken).toMatch(/^\d+\.[\w-]+\.[0-9a-f]{64}$/);
    expect(res.body.challenge).toMatchObject({ algorithm: 'SHA-256', maxnumber: 1000 });
    expect(res.body.challenge.salt).toContain(`ft=${res.body.formToken.split('.')[1]}`);
  });

  it('says the layers are off when the site or the environment turns them off', async () => {
    await setSpamSettings(t, { enabled: false });
    expect((await t.get(CHALLENGE)).body).toEqual({ enabled: false });
    expect((await t.post(COMMENTS, aComment())).status).toBe(201);
  });

  it('gets harder for an address that keeps asking, and stays easy for its neighbours', async () => {
    const asked = [];
    for (let i = 0; i < 32; i++) asked.push((await t.get(CHALLENGE)).body.challenge.maxnumber);
    expect(asked.slice(0, 30)).toEqual(Array(30).fill(1000));
    expect(asked.at(-1)).toBe(4000);
    t.setIp('198.51.100.20');
    expect((await t.get(CHALLENGE)).body.challenge.maxnumber).toBe(1000);
  });

  it('gets harder still for an address whose submissions are refused', async () => {
    for (let i = 0; i < 3; i++) expectRefused(await t.post(COMMENTS, aComment({ body: `no proof ${i}` })));
    expect((await t.get(CHALLENGE)).body.challenge.maxnumber).toBe(4000);
  });
});

describe('comments: the bot battery', () => {
  beforeEach(() => start());

  it('accepts a person: token, solved work, a few seconds of typing, empty honeypot', async () => {
    const res = await t.post(COMMENTS, aComment({ ...(await humanProof()), website: '' }));
    expect(res.status).toBe(201);
    expect(res.body.comment.status).toBe('approved');
  });

  it('solves and accepts the default difficulty', async () => {
    await setSpamSettings(t, { powDifficulty: 50_000 });
    const res = await t.post(COMMENTS, aComment(await humanProof()));
    expect(res.status).toBe(201);
  });

  it('refuses a filled-in honeypot', async () => {
    expectRefused(await t.post(COMMENTS, aComment({ ...(await humanProof()), website: 'https://cheap-pills.example' })));
    expect(await count('comments')).toBe(0);
  });

  it('refuses a missing, forged, foreign, expired or reused form token', async () => {
    // Each attempt from its own address: refused attempts count towards the rate limit too.
    let n = 0;
    const post = async (body: Record<string, unknown>) => {
      t.setIp(`198.51.100.${++n}`);
      return t.post(COMMENTS, aComment(body));
    };
    const { pow, formToken } = await humanProof();
    expectRefused(await post({ pow }));
    const [issued, nonce, signature] = formToken.split('.');
    const forgedSignature = `${issued}.${nonce}.${signature!.replace(/^./, (ch) => (ch === '0' ? '1' : '0'))}`;
    expectRefused(await post({ pow, formToken: forgedSignature }));
    const backdated = `${Number(issued) - 60_000}.${nonce}.${signature}`;
    expectRefused(await post({ pow, formToken: backdated }));
    expectRefused(await post({ pow, formToken: 'garbage' }));
    expectRefused(await post({ pow, formToken: 12345 }));

    // A token issued to the dashboard's sign-in is not one for this site's comments.
    const admin = await solvedProof(t, '/api/v1/admin/session/challenge');
    t.tick(4000);
    expectRefused(await post(admin));

    const late = await solvedProof(t);
    t.tick(2 * 60 * 60 * 1000 + 1000);
    expectRefused(await post(late));

    const once = await humanProof();
    expect((await post({ ...once, body: 'First use of the token.' })).status).toBe(201);
    expectRefused(await post({ ...once, body: 'Second use of the token.' }));
    expect(await count('comments')).toBe(1);
  });

  it('refuses a form sent faster than a person can fill it', async () => {
    const proof = await solvedProof(t);
    t.tick(1500);
    expectRefused(await t.post(COMMENTS, aComment(proof)));
    expect(await count('comments')).toBe(0);
  });

  it('refuses missing, wrong and borrowed proof of work', async () => {
    const { formToken } = await humanProof();
    expectRefused(await t.post(COMMENTS, aComment({ formToken })));

    const res = await t.get(CHALLENGE);
    t.tick(4000);
    const solved = JSON.parse(atob(await solve(res.body.challenge)));
    const wrong = btoa(JSON.stringify({ ...solved, number: solved.number + 1 }));
    expectRefused(await t.post(COMMENTS, aComment({ formToken: res.body.formToken, pow: wrong })));
    expectRefused(await t.post(COMMENTS, aComment({ formToken: res.body.formToken, pow: 'not base64 json' })));

    // A solution of one challenge does not serve another form token.
    const a = await solvedProof(t);
    const b = await solvedProof(t);
    t.tick(4000);
    expectRefused(await t.post(COMMENTS, aComment({ formToken: a.formToken, pow: b.pow })));
    expect(await count('comments')).toBe(0);
  });

  it('holds instead of refusing when the site says so, with the reasons for the editor', async () => {
    await setSpamSettings(t, { failAction: 'hold' });
    const res = await t.post(COMMENTS, aComment({ website: 'x' }));
    expect(res.status).toBe(201);
    expect(res.body.comment.status).toBe('pending');
    const [row] = await t.db.all<{ held_reasons: string }>(sql`select held_reasons from comments`);
    expect(JSON.parse(row!.held_reasons)).toEqual(['Bot check: Honeypot field filled in', 'Bot check: No form token']);
  });

  it('does not spend the token on a field error, so the reader can fix it and send again', async () => {
    const proof = await humanProof();
    const bad = await t.post(COMMENTS, aComment({ ...proof, authorName: '' }));
    expect(bad.status).toBe(400);
    expect((await t.post(COMMENTS, aComment(proof))).status).toBe(201);
  });

  it('rate-limits bursts per address: five a minute pass, the sixth waits, and then it may post', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: `Comment number ${i}` }));
      expect(res.status).toBe(201);
    }
    const over = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'One too many' }));
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
    expect(over.body.error.message).toMatch(/^You are commenting quickly\. Please wait \d+ seconds and post again\.$/);
    const wait = Number(over.headers.get('Retry-After'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await count('comments')).toBe(5);

    const proof = await humanProof();
    t.tick(wait * 1000);
    expect((await t.post(COMMENTS, aComment({ ...proof, body: 'After the wait' }))).status).toBe(201);
  });

  it('rate-limits one email address across addresses', async () => {
    for (let i = 0; i < 5; i++) {
      t.setIp(`198.51.100.${i + 1}`);
      expect((await t.post(COMMENTS, aComment({ ...(await humanProof()), authorEmail: 'busy@example.com', body: `Comment ${i}` }))).status).toBe(201);
    }
    t.setIp('198.51.100.99');
    const over = await t.post(COMMENTS, aComment({ ...(await humanProof()), authorEmail: 'busy@example.com', body: 'Sixth' }));
    expect(over.status).toBe(429);
  });

  it('has an hourly limit too, which a steady script reaches', async () => {
    await setSpamSettings(t, { rateLimits: { comment: { limit: 100, windowSeconds: 60 }, commentHourly: { limit: 3, windowSeconds: 3600 }, flag: { limit: 10, windowSeconds: 600 }, vote: { limit: 60, windowSeconds: 60 }, subscribe: { limit: 10, windowSeconds: 3600 } } });
    for (let i = 0; i < 3; i++) expect((await t.post(COMMENTS, aComment({ ...(await humanProof()), body: `Steady ${i}` }))).status).toBe(201);
    const over = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'Steady 4' }));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('Retry-After'))).toBeGreaterThan(3000);
  });

  it('refuses a duplicate of a recent comment by anyone, and lets short common replies repeat', async () => {
    const text = 'Visit my site for the best deals on everything you need this season!';
    expect((await t.post(COMMENTS, aComment({ ...(await humanProof()), body: text }))).status).toBe(201);
    t.setIp('198.51.100.50');
    const copy = await t.post(COMMENTS, aComment({ ...(await humanProof()), authorName: 'Other', body: `  ${text.toUpperCase()}!!` }));
    expect(copy.status).toBe(409);
    expect(copy.body.error.code).toBe('duplicate_comment');
    expect(copy.body.error.fields.body).toBeTruthy();
    expect(await count('comments')).toBe(1);

    expect((await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'Thanks!' }))).status).toBe(201);
    expect((await t.post(COMMENTS, aComment({ ...(await humanProof()), authorName: 'Bo', body: 'Thanks!' }))).status).toBe(201);

    // A day later the same words are a new comment.
    t.tick(25 * 3600 * 1000);
    expect((await t.post(COMMENTS, aComment({ ...(await humanProof()), body: text }))).status).toBe(201);
  });

  it('holds link spam for review', async () => {
    const res = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'See https://a.com/x and https://b.org/y and www.c.net for more on this story.' }));
    expect(res.status).toBe(201);
    expect(res.body.comment.status).toBe('pending');
    const [row] = await t.db.all<{ held_reasons: string }>(sql`select held_reasons from comments`);
    expect(JSON.parse(row!.held_reasons)).toContain('3 links (more than 2)');
  });

  it('scores spammy text, stores the score and reasons, and shows them in the queue', async () => {
    const shouting = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'THIS IS THE WORST ARTICLE I HAVE EVER READ IN MY LIFE!!!!!!!!!!' }));
    expect(shouting.body.comment.status).toBe('pending');
    const spam = await t.post(COMMENTS, aComment({ ...(await humanProof()), authorName: 'Best Casino', body: 'Cheap v1agra and c.a.s.i.n.o bonuses, buy now at bit.ly/xyz — WhatsApp +1 555 010 9999' }));
    expect(spam.status).toBe(201);
    expect(spam.body.comment.status).toBe('spam');
    const fine = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'I disagree with the mayor, but the reporting here is fair and careful.' }));
    expect(fine.body.comment.status).toBe('approved');

    await addEditor(t, 'owner@example.com', 'owner');
    const owner = await signIn(t, 'owner@example.com');
    const queue = await t.get('/api/v1/admin/comments?site=news&status=all', owner.headers);
    const byBody = new Map<string, any>(queue.body.comments.map((c: any) => [c.bodySource.slice(0, 10), c]));
    const loud = byBody.get('THIS IS TH')!;
    expect(loud.spamScore).toBe(4);
    expect(loud.spamReasons).toEqual(['Mostly capital letters', 'Repeated characters']);
    expect(loud.heldReasons).toEqual(['Spam score 4']);
    const bot = byBody.get('Cheap v1ag')!;
    expect(bot.spamScore).toBeGreaterThanOrEqual(10);
    expect(bot.spamReasons).toEqual(expect.arrayContaining([expect.stringMatching(/^Spam phrases: .*viagra/), 'Shortened link', 'Messenger contact']));
    expect(byBody.get('I disagree')!.spamScore).toBe(0);
  });

  it('scores one phrase pasted hundreds of times as spam, and a handful of repeats as worth a look', async () => {
    const flood = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'Vote for the new bridge! '.repeat(300) }));
    expect(flood.status).toBe(201);
    expect(flood.body.comment.status).toBe('spam');
    const chant = 'Save our library, it matters to all of us here. '.repeat(6);
    const held = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: chant }));
    expect(held.body.comment.status).toBe('pending');
    const rows = await t.db.all<{ spam_reasons: string; spam_score: number }>(sql`select spam_reasons, spam_score from comments order by created_at`);
    expect(rows.map((r) => [JSON.parse(r.spam_reasons), r.spam_score])).toEqual([
      [['Repeated phrase'], 10],
      [['Repeated phrase'], 4],
    ]);
  });
});

describe('comments: Akismet (a loopback fake)', () => {
  let server: Server;
  let answer: { body: string; headers?: Record<string, string>; delayMs?: number };
  const received: URLSearchParams[] = [];
  beforeEach(async () => {
    received.length = 0;
    answer = { body: 'false' };
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (chunk) => (data += chunk));
      req.on('end', () => {
        if (req.url !== '/1.1/comment-check') return void res.writeHead(404).end();
        received.push(new URLSearchParams(data));
        setTimeout(() => res.writeHead(200, answer.headers ?? {}).end(answer.body), answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await start({ spamCheckers: [akismetChecker({ key: 'abc123def456', endpoint, blog: 'https://news.example.com', timeoutMs: 300 })] });
  });
  afterEach(() => new Promise<void>((done) => server.close(() => done())));

  it('sends the comment and the reader to Akismet and keeps a clean answer published', async () => {
    const res = await t.post(COMMENTS, aComment({ ...(await humanProof()), authorEmail: 'ada@example.com', url: 'https://news.example.com/2026/story' }), { 'User-Agent': 'Mozilla/5.0 Test' });
    expect(res.body.comment.status).toBe('approved');
    expect(Object.fromEntries(received[0]!)).toMatchObject({
      api_key: 'abc123def456',
      blog: 'https://news.example.com',
      user_ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 Test',
      comment_type: 'comment',
      comment_author: 'Ada',
      comment_author_email: 'ada@example.com',
      comment_content: 'A thoughtful comment.',
      permalink: 'https://news.example.com/2026/story',
    });
  });

  it('sends what Akismet calls spam to the Spam queue, and stores nothing it says to discard', async () => {
    answer = { body: 'true' };
    const spam = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'Akismet thinks this is spam.' }));
    expect(spam.body.comment.status).toBe('spam');
    answer = { body: 'true', headers: { 'X-akismet-pro-tip': 'discard' } };
    expectRefused(await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'Blatant spam to discard.' })));
    expect(await count('comments')).toBe(1);
  });

  it('publishes (noting it) when Akismet does not answer in time or answers nonsense', async () => {
    answer = { body: 'false', delayMs: 1000 };
    const slow = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'Akismet is slow today.' }));
    expect(slow.body.comment.status).toBe('approved');
    answer = { body: 'invalid', headers: { 'X-akismet-debug-help': 'Empty "blog" value' } };
    const odd = await t.post(COMMENTS, aComment({ ...(await humanProof()), body: 'Akismet is confused today.' }));
    expect(odd.body.comment.status).toBe('approved');
    const reasons = await t.db.all<{ spam_reasons: string }>(sql`select spam_reasons from comments`);
    expect(reasons.map((r) => JSON.parse(r.spam_reasons))).toEqual([['Akismet did not answer'], ['Akismet did not answer']]);
  });
});

describe('reports (flags)', () => {
  beforeEach(() => start());

  it('need the bot checks and are rate-limited per address', async () => {
    await setSpamSettings(t, { enabled: false });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await t.post(COMMENTS, aComment({ body: `Comment ${i}` }))).body.comment.id);
    await setSpamSettings(t, { enabled: true });

    // The refused report counts towards the limit of ten, as every attempt does.
    expectRefused(await t.post(`${COMMENTS}/${ids[0]}/flags`, { reason: 'spam' }));
    for (let i = 0; i < 9; i++) {
      expect((await t.post(`${COMMENTS}/${ids[i]}/flags`, { reason: 'spam', ...(await humanProof()) })).status).toBe(201);
    }
    const over = await t.post(`${COMMENTS}/${ids[10]}/flags`, { reason: 'spam', ...(await humanProof()) });
    expect(over.status).toBe(429);
    expect(over.headers.get('Retry-After')).toBeTruthy();
    expect(await count('flags')).toBe(9);
  });
});

describe('newsletter sign-up: the same battery', () => {
  const SUBSCRIBE = '/api/v1/sites/news/subscriptions';
  beforeEach(() => start());

  it('accepts a person and sends the confirmation', async () => {
    const res = await t.post(SUBSCRIBE, { email: 'reader@example.com', ...(await humanProof()) });
    expect(res.status).toBe(202);
    expect(await count('outbox')).toBe(1);
  });

  it('refuses honeypot, missing/forged/reused token, too fast and missing or wrong work, storing nothing', async () => {
    const proof = await humanProof();
    expectRefused(await t.post(SUBSCRIBE, { email: 'a@example.com', ...proof, website: 'x' }));
    // The honeypot refusal spent the token; every other case gets a fresh one.
    expectRefused(await t.post(SUBSCRIBE, { email: 'a@example.com', ...proof }));
    expectRefused(await t.post(SUBSCRIBE, { email: 'a@example.com', pow: (await humanProof()).pow }));
    const { formToken, pow } = await humanProof();
    expectRefused(await t.post(SUBSCRIBE, { email: 'a@example.com', formToken: formToken.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')), pow }));
    expectRefused(await t.post(SUBSCRIBE, { email: 'a@example.com', formToken: (await humanProof()).formToken }));
    expectRefused(await t.post(SUBSCRIBE, { email: 'a@example.com', ...(await solvedProof(t)) }));
    expect(await count('subscribers')).toBe(0);
    expect(await count('outbox')).toBe(0);
  });

  it('limits sign-ups from one address: ten an hour, then 429 with Retry-After', async () => {
    for (let i = 0; i < 10; i++) expect((await t.post(SUBSCRIBE, { email: `r${i}@example.com`, ...(await humanProof()) })).status).toBe(202);
    const over = await t.post(SUBSCRIBE, { email: 'r10@example.com', ...(await humanProof()) });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
    expect(Number(over.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await count('subscribers')).toBe(10);
  });
});

describe('dashboard sign-in: the same battery', () => {
  const SESSION = '/api/v1/admin/session';
  const ADMIN_CHALLENGE = '/api/v1/admin/session/challenge';
  const who = { email: 'owner@example.com', password: 'correct horse battery' };
  beforeEach(async () => {
    await start();
    await addEditor(t, who.email, 'owner');
  });
  const adminProof = async () => {
    const proof = await solvedProof(t, ADMIN_CHALLENGE);
    t.tick(1500);
    return proof;
  };

  it('signs in with a proof, and refuses without one', async () => {
    expect((await t.post(SESSION, { ...who, ...(await adminProof()) })).status).toBe(200);
    expectRefused(await t.post(SESSION, who));
  });

  it('refuses honeypot, reused or site token, too fast, and wrong work', async () => {
    expectRefused(await t.post(SESSION, { ...who, ...(await adminProof()), website: 'x' }));
    const once = await adminProof();
    expect((await t.post(SESSION, { ...who, ...once })).status).toBe(200);
    expectRefused(await t.post(SESSION, { ...who, ...once }));
    expectRefused(await t.post(SESSION, { ...who, ...(await humanProof()) }));
    expectRefused(await t.post(SESSION, { ...who, ...(await solvedProof(t, ADMIN_CHALLENGE)) }));
    const { formToken } = await adminProof();
    expectRefused(await t.post(SESSION, { ...who, formToken, pow: (await adminProof()).pow }));
  });

  it('limits attempts per address, even successful ones, beside the lockout after failures', async () => {
    for (let i = 0; i < 30; i++) expect((await t.post(SESSION, { ...who, ...(await adminProof()) })).status).toBe(200);
    const over = await t.post(SESSION, { ...who, ...(await adminProof()) });
    expect(over.status).toBe(429);
    expect(over.body.error.message).toMatch(/^Too many sign-in attempts\. Try again in \d+ (seconds|minutes)\.$/);
    expect(Number(over.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});
