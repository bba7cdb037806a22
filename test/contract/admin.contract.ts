import { beforeAll, describe, expect, it } from 'vitest';
import { createEditor } from '../../server/features/editors/editors.repo.ts';
import { TEST_PASSWORD_COST } from '../support/test-app.ts';
import { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import { type ContractSuite, OWNER } from './target.ts';

const SITE = 'c-admin';
const LIST = `/api/v1/sites/${SITE}/comments`;
const CHALLENGE = `/api/v1/sites/${SITE}/challenge`;

/** The editors' API: signing in, settings, the moderation queue, bans and the audit log. */
export const adminContract: ContractSuite = (target) => {
  describe('admin API', () => {
    let owner: Client;
    let reader: Client;
    let n = 0;
    const post = async (extra: Record<string, unknown> = {}) =>
      reader.post(LIST, { page: '/story', authorName: 'Ada', body: `Admin suite comment ${++n}.`, website: '', ...(await reader.proof(CHALLENGE)), ...extra });
    const publicIds = async () => (await reader.get(`${LIST}?page=/story`)).body.comments.map((c: any) => c.id);

    beforeAll(async () => {
      ({ owner, reader } = await siteWithOwner(target, SITE));
    });

    it('refuses a wrong password and anyone not signed in', async () => {
      const anonymous = new Client(target);
      const proof = await anonymous.proof('/api/v1/admin/session/challenge');
      await target().elapse(1100);
      const wrong = await anonymous.post('/api/v1/admin/session', { email: OWNER.email, password: 'not the password', ...proof });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('unauthorized');
      expect((await anonymous.get(`/api/v1/admin/comments?site=${SITE}&status=pending`)).status).toBe(401);
      const me = await owner.get('/api/v1/admin/session');
      expect(me.status).toBe(200);
    });

    it('evaluates at most five of 40 sign-in guesses sent at once, and the right one late in the burst does not sign in', async () => {
      const email = 'burst-target@example.com';
      await createEditor(target().db, { email, role: 'moderator', password: 'the real passphrase' }, Date.now(), TEST_PASSWORD_COST);
      const anonymous = new Client(target);
      // Its own address, so the lockout it causes stays out of the other tests.
      target().setIp('198.51.100.77');
      try {
        // 40 is past both the per-address attempt limit (30) and the account's allowance (5); the
        // API suite sends 200 (test/api/editors/admin-auth.security.test.ts), here each needs a solved proof.
        const proofs = await Promise.all(Array.from({ length: 40 }, () => anonymous.proof('/api/v1/admin/session/challenge')));
        await target().elapse(1100);
        const burst = await Promise.all(
          proofs.map((proof, i) => anonymous.post('/api/v1/admin/session', { email, password: i === 39 ? 'the real passphrase' : `guess number ${i}`, ...proof })),
        );
        const evaluated = burst.filter((r) => r.status !== 429);
        expect(evaluated.length).toBeLessThanOrEqual(5);
        expect(evaluated.every((r) => r.status === 401)).toBe(true);
        expect(burst[39]!.status).toBe(429);
      } finally {
        target().setIp('203.0.113.7');
      }
    }, 90_000);

    it('reads and changes site settings (owners only, validated)', async () => {
      const changed = await owner.request('PATCH', `/api/v1/admin/sites/${SITE}`, { moderationMode: 'pre', wordLists: { banned: ['forbiddenword'], suspect: [] } });
      expect(changed.status).toBe(200);
      const site = (await owner.get(`/api/v1/admin/sites/${SITE}`)).body.site;
      expect(site).toMatchObject({ id: SITE, moderationMode: 'pre', wordLists: { banned: ['forbiddenword'] } });
      // The earlier spam settings survive a patch of other fields.
      expect(site.spam.powDifficulty).toBe(1000);
      const bad = await owner.request('PATCH', `/api/v1/admin/sites/${SITE}`, { moderationMode: 'sometimes' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toBeDefined();
      // Writes without the CSRF token are refused.
      const noCsrf = await owner.withoutCsrf().request('PATCH', `/api/v1/admin/sites/${SITE}`, { name: 'Renamed' });
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body.error.code).toBe('csrf_failed');
    });

    it('holds comments in pre-moderation; approve publishes, reject does not', async () => {
      const postedA = (await post()).body;
      const postedB = (await post()).body;
      const [a, b] = [postedA.comment, postedB.comment];
      expect([a.status, b.status]).toEqual(['pending', 'pending']);
      expect(await publicIds()).toEqual([]);
      // Their author still sees them, asked for apart from the shared listing by edit token.
      const own = [postedA, postedB].map((p: any) => ({ id: p.comment.id, token: p.editToken }));
      const heldIds = async () => (await reader.post(`${LIST}/held`, { page: '/story', own })).body.comments.map((c: any) => c.id);
      expect(await heldIds()).toEqual([a.id, b.id]);
      expect((await reader.post(`${LIST}/held`, { page: '/story', own: own.map((o) => ({ ...o, token: 'made-up' })) })).body.comments).toEqual([]);
      const queue = await owner.get(`/api/v1/admin/comments?site=${SITE}&status=pending`);
      expect(queue.body.comments.map((c: any) => c.id).sort()).toEqual([a.id, b.id].sort());
      expect((await owner.get(`/api/v1/admin/counts?site=${SITE}`)).body.counts).toMatchObject({ pending: 2 });

      const approved = await owner.post(`/api/v1/admin/comments/${a.id}/actions`, { action: 'approve' });
      expect(approved.body.comment.status).toBe('approved');
      const rejected = await owner.post(`/api/v1/admin/comments/${b.id}/actions`, { action: 'reject', reason: 'off topic' });
      expect(rejected.body.comment.status).toBe('rejected');
      expect(await publicIds()).toEqual([a.id]);
      expect(await heldIds()).toEqual([]);
      expect((await reader.get(`${LIST}?page=/story`)).body.page.commentCount).toBe(1);
      expect((await owner.get(`/api/v1/admin/comments?site=${SITE}&status=pending`)).body.comments).toEqual([]);

      const audit = (await owner.get(`/api/v1/admin/audit?site=${SITE}`)).body.entries.map((e: any) => e.action);
      expect(audit).toEqual(expect.arrayContaining(['approve', 'reject']));
    });

    it('refuses a comment with a banned word', async () => {
      const res = await post({ body: 'This has the forbiddenword in it.' });
      expect(res.status).toBe(422);
    });

    it('bans an email, lists the ban, and lifts it', async () => {
      const ban = await owner.post('/api/v1/admin/bans', { site: SITE, kind: 'email', value: 'Troll@Example.com', reason: 'abuse' });
      expect(ban.status).toBe(201);
      const refused = await post({ authorEmail: 'troll@example.com' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('banned');
      const bans = (await owner.get(`/api/v1/admin/bans?site=${SITE}`)).body.bans;
      expect(bans).toEqual([expect.objectContaining({ kind: 'email', value: 'troll@example.com', reason: 'abuse' })]);
      expect((await owner.request('DELETE', `/api/v1/admin/bans/${ban.body.ban.id}`)).status).toBe(204);
      expect((await post({ authorEmail: 'troll@example.com' })).status).toBe(201);
    });

    it('bans by the IP of a comment, without the editor seeing the address', async () => {
      target().setIp('192.0.2.66');
      const troll = (await post({ body: 'Trolling from a fixed address.' })).body.comment;
      const ban = await owner.post('/api/v1/admin/bans', { site: SITE, kind: 'ip', commentId: troll.id });
      expect(ban.status).toBe(201);
      expect(ban.body.ban.value).toMatch(/^[0-9a-f]{64}$/);
      expect((await post({ authorName: 'New name' })).status).toBe(403);
      target().setIp('192.0.2.67');
      expect((await post()).status).toBe(201);
      target().setIp('203.0.113.7');
    });
  });
};
