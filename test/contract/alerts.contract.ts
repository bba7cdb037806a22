import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import { type ContractSuite, OWNER, PUBLIC_URL } from './target.ts';

const SITE = 'c-alerts';
const LIST = `/api/v1/sites/${SITE}/comments`;
const CHALLENGE = `/api/v1/sites/${SITE}/challenge`;

/** Editors' email alerts: the queue digest from the scheduled job, the report alert, one-click unsubscribe. */
export const alertsContract: ContractSuite = (target) => {
  describe('editor alerts', () => {
    let reader: Client;
    let owner: Client;
    const alertMail = () => target().mail.delivered.filter((m) => m.to === OWNER.email && m.subject.includes(`Site ${SITE}`));
    const post = async (extra: Record<string, unknown>) => reader.post(LIST, { page: '/alerts-story', authorName: 'Ada', website: '', ...(await reader.proof(CHALLENGE)), ...extra });
    /** The digest chosen now is first due next hour: the test makes it due at once, as time passing would. */
    const makeDue = () => target().db.run(sql`update editor_alerts set digest_due_at = ${Date.now() - 1000} where site_id = ${SITE}`);
    const digest = async () => {
      await target().runAlertDigests();
      await target().drainOutbox();
    };

    beforeAll(async () => {
      ({ reader, owner } = await siteWithOwner(target, SITE));
      expect((await owner.request('PATCH', `/api/v1/admin/sites/${SITE}`, { moderationMode: 'pre', flagThreshold: 2 })).status).toBe(200);
      const chosen = await owner.request('PUT', '/api/v1/admin/account/alerts', { sites: [{ site: SITE, digest: 'hourly', flagged: true }] });
      expect(chosen.status).toBe(200);
    });

    it('the digest is quiet while nothing waits, then lists the oldest held comments once per hour', async () => {
      await makeDue();
      await digest();
      expect(alertMail()).toEqual([]);

      expect((await post({ body: 'The first <b>held</b> comment.', authorName: '<i>Zed</i>' })).body.comment.status).toBe('pending');
      expect((await post({ body: 'The second held comment.' })).body.comment.status).toBe('pending');
      await makeDue();
      await digest();
      await digest();
      const [mail, ...more] = alertMail();
      expect(more).toEqual([]);
      expect(mail!.subject).toBe(`2 comments waiting for review on Site ${SITE}`);
      expect(mail!.text.indexOf('The first <b>held</b> comment.')).toBeLessThan(mail!.text.indexOf('The second held comment.'));
      expect(mail!.html).toContain('&lt;i&gt;Zed&lt;/i&gt;');
      expect(mail!.html).not.toContain('<b>held');
      expect(mail!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

      // One click, no session: the digest is off; a forged token changes nothing.
      const url = /^<(.+)>$/.exec(mail!.headers['List-Unsubscribe']!)![1]!;
      expect(url.startsWith(`${PUBLIC_URL}/alerts/off/`)).toBe(true);
      const path = url.replace(PUBLIC_URL, '');
      const oneClick = (p: string) => reader.request('POST', p, 'List-Unsubscribe=One-Click', { 'Content-Type': 'application/x-www-form-urlencoded' });
      expect((await oneClick(`${path.slice(0, -3)}xyz`)).status).toBe(400);
      expect((await reader.get(path)).status).toBe(200);
      expect((await owner.get('/api/v1/admin/account/alerts')).body.sites.find((s: any) => s.site.id === SITE)).toMatchObject({ digest: 'hourly', flagged: true });
      expect((await oneClick(path)).status).toBe(200);
      expect((await owner.get('/api/v1/admin/account/alerts')).body.sites.find((s: any) => s.site.id === SITE)).toMatchObject({ digest: 'off', flagged: true });
    });

    it('a comment reported from the threshold of networks mails the editor once', async () => {
      await owner.request('PATCH', `/api/v1/admin/sites/${SITE}`, { moderationMode: 'post' });
      const before = alertMail().length;
      const posted = (await post({ body: 'A comment readers will report.' })).body.comment;
      const flag = async (ip: string) => {
        target().setIp(ip);
        expect((await reader.post(`${LIST}/${posted.id}/flags`, { reason: 'abuse', website: '', ...(await reader.proof(CHALLENGE)) })).status).toBe(201);
      };
      await flag('198.51.100.21');
      await target().drainOutbox();
      expect(alertMail()).toHaveLength(before);
      await flag('198.51.100.22');
      await flag('198.51.100.23');
      await target().drainOutbox();
      target().setIp('203.0.113.7');
      const alerts = alertMail().slice(before);
      expect(alerts.map((m) => m.subject)).toEqual([`A comment was reported on Site ${SITE}`]);
      expect(alerts[0]!.text).toContain('A comment readers will report.');
    });
  });
};
