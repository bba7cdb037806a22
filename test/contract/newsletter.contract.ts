import { beforeAll, describe, expect, it } from 'vitest';
import { createEditor } from '../../server/features/editors/editors.repo.ts';
import { TEST_PASSWORD_COST } from '../support/test-app.ts';
import { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import { type ContractSuite, PUBLIC_URL } from './target.ts';

const SITE = 'c-news';
const SUBSCRIBE = `/api/v1/sites/${SITE}/subscriptions`;
const CHALLENGE = `/api/v1/sites/${SITE}/challenge`;

/** Subscriptions (subscribe, confirm, unsubscribe) and the outbox that carries their email. */
export const newsletterContract: ContractSuite = (target) => {
  describe('newsletter and outbox', () => {
    let owner: Client;
    let reader: Client;
    const mailTo = (to: string) => target().mail.delivered.filter((m) => m.to === to);
    const pathOf = (url: string) => url.replace(PUBLIC_URL, '');
    const statusOf = async (email: string) =>
      (await owner.get(`/api/v1/admin/subscribers?site=${SITE}&q=${encodeURIComponent(email)}`)).body.subscribers.find((s: any) => s.email === email)?.topics;

    beforeAll(async () => {
      ({ owner, reader } = await siteWithOwner(target, SITE));
    });

    it('subscribing queues a confirmation that the outbox sends through Resend once', async () => {
      const res = await reader.post(SUBSCRIBE, { email: 'Reader@Example.com', website: '', ...(await reader.proof(CHALLENGE)) });
      expect(res.status).toBe(202);
      expect(await statusOf('reader@example.com')).toEqual([{ topic: 'newsletter', status: 'unconfirmed' }]);
      expect(mailTo('reader@example.com')).toEqual([]);

      await target().drainOutbox();
      const [mail, ...more] = mailTo('reader@example.com');
      expect(more).toEqual([]);
      expect(mail!.text).toMatch(/\/newsletter\/confirm\/[\w.-]+/);
      const calls = target().mail.calls.length;
      // Nothing is due any more: another drain sends nothing.
      await target().drainOutbox();
      expect(target().mail.calls.length).toBe(calls);
      const mailbox = (await owner.get(`/api/v1/admin/mailbox?site=${SITE}&to=reader@example.com`)).body.messages;
      expect(mailbox).toEqual([expect.objectContaining({ kind: 'confirm', status: 'sent', attempts: 1 })]);
    });

    it('confirming: GET shows a page and changes nothing; POST confirms', async () => {
      const link = pathOf(/http:\/\/parley\.test\/newsletter\/confirm\/[\w.-]+/.exec(mailTo('reader@example.com')[0]!.text)![0]);
      const page = await reader.get(link);
      expect(page.status).toBe(200);
      expect(await statusOf('reader@example.com')).toEqual([{ topic: 'newsletter', status: 'unconfirmed' }]);
      expect((await reader.post(link)).status).toBe(200);
      expect(await statusOf('reader@example.com')).toEqual([{ topic: 'newsletter', status: 'confirmed' }]);
    });

    it('a newsletter carries one-click unsubscribe (RFC 8058), which works without cookies', async () => {
      const draft = await owner.post('/api/v1/admin/broadcasts', { site: SITE, subject: 'This week', body: 'Hello **readers**.' });
      expect(draft.status).toBe(201);
      const sent = await owner.post(`/api/v1/admin/broadcasts/${draft.body.broadcast.id}/send`);
      expect(sent.body.broadcast).toMatchObject({ status: 'sent', recipients: 1 });
      expect((await owner.post(`/api/v1/admin/broadcasts/${draft.body.broadcast.id}/send`)).status).toBe(409);

      await target().drainOutbox();
      const letter = mailTo('reader@example.com').find((m) => m.subject === 'This week')!;
      expect(letter.html).toContain('<strong>readers</strong>');
      expect(letter.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      const unsubscribe = pathOf(/^<(.+)>$/.exec(letter.headers['List-Unsubscribe']!)![1]!);

      expect((await reader.get(unsubscribe)).status).toBe(200);
      expect(await statusOf('reader@example.com')).toEqual([{ topic: 'newsletter', status: 'confirmed' }]);
      const res = await reader.request('POST', unsubscribe, 'List-Unsubscribe=One-Click', { 'Content-Type': 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(200);
      expect(await statusOf('reader@example.com')).toEqual([{ topic: 'newsletter', status: 'unsubscribed' }]);
    });

    it('keeps the mailbox, subscribers and newsletter to owners; the mailbox shows no live token; odd or unknown sites are 400 or 404', async () => {
      await createEditor(target().db, { email: 'mod-news@example.com', role: 'moderator', password: 'moderator password here' }, Date.now(), TEST_PASSWORD_COST);
      const anonymous = new Client(target);
      const proof = await anonymous.proof('/api/v1/admin/session/challenge');
      await target().elapse(1100);
      const signedIn = await anonymous.post('/api/v1/admin/session', { email: 'mod-news@example.com', password: 'moderator password here', ...proof });
      expect(signedIn.status).toBe(200);
      const moderator = new Client(target, { Cookie: signedIn.headers.get('Set-Cookie')!.split(';')[0]!, 'X-CSRF-Token': signedIn.body.csrfToken });
      for (const path of [`/api/v1/admin/mailbox?site=${SITE}`, `/api/v1/admin/subscribers?site=${SITE}`, `/api/v1/admin/subscribers/export?site=${SITE}`, `/api/v1/admin/broadcasts?site=${SITE}`]) {
        expect((await moderator.get(path)).status, path).toBe(403);
      }
      expect((await moderator.post('/api/v1/admin/subscribers/import', { site: SITE, csv: 'email\nx@example.com', consented: true })).status).toBe(403);

      // Both targets send through (a fake) Resend: the mailbox redacts every token.
      expect((await reader.post(SUBSCRIBE, { email: 'mailbox-check@example.com', website: '', ...(await reader.proof(CHALLENGE)) })).status).toBe(202);
      const mailbox = (await owner.get(`/api/v1/admin/mailbox?site=${SITE}&to=mailbox-check@example.com`)).body.messages as { text: string; html: string }[];
      expect(mailbox).toHaveLength(1);
      expect(mailbox[0]!.text).toContain('/newsletter/confirm/redacted');
      for (const m of mailbox) {
        for (const match of `${m.text}${m.html}`.matchAll(/\/newsletter\/(?:confirm|unsubscribe|manage)\/([\w.-]+)/g)) expect(match[1]).toBe('redacted');
      }

      const odd = await owner.get(`/api/v1/admin/subscribers/export?site=${encodeURIComponent('a"b\r\nX: y')}`);
      expect(odd.status).toBe(400);
      expect(odd.body.error.fields).toHaveProperty('site');
      expect((await owner.get('/api/v1/admin/subscribers/export?site=no-such-site')).status).toBe(404);
    });

    it('refuses a sign-up without proof of work and a malformed address', async () => {
      expect((await reader.post(SUBSCRIBE, { email: 'bot@example.com' })).status).toBe(403);
      const bad = await reader.post(SUBSCRIBE, { email: 'not an address', ...(await reader.proof(CHALLENGE)) });
      expect(bad.status).toBe(400);
      expect(await statusOf('bot@example.com')).toBeUndefined();
    });
  });
};
