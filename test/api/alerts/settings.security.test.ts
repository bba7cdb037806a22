import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSiteIfMissing } from '../../../server/features/sites/sites.repo.ts';
import { addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';
import { chooseAlerts } from './alerts-helpers.ts';

const ALERTS = '/api/v1/admin/account/alerts';

let t: TestApp;
let mod: Signed;
let owner: Signed;
beforeEach(async () => {
  t = await makeTestApp();
  await createSiteIfMissing(t.db, { id: 'sport', name: 'A Sport Site', allowedOrigins: [], moderationMode: 'post' }, Date.UTC(2026, 10, 25));
  await addEditor(t, 'mod@example.com', 'moderator');
  await addEditor(t, 'owner@example.com', 'owner');
  mod = await signIn(t, 'mod@example.com');
  owner = await signIn(t, 'owner@example.com');
});
afterEach(() => t.close());

const choices = async (who: Signed) => (await t.get(ALERTS, who.headers)).body.sites.map((s: any) => [s.site.id, s.digest, s.flagged]);

describe("an editor's alert settings", () => {
  it('are off for every site until chosen, and saved per site', async () => {
    expect(await choices(mod)).toEqual([
      ['sport', 'off', false],
      ['news', 'off', false],
    ]);
    const saved = await chooseAlerts(t, mod.headers, [{ site: 'news', digest: 'daily', flagged: true }]);
    expect(saved.sites.map((s: any) => [s.site.id, s.site.name, s.digest, s.flagged, s.lastDigestAt])).toEqual([
      ['sport', 'A Sport Site', 'off', false, null],
      ['news', 'Example News', 'daily', true, null],
    ]);
    // The first daily digest is due at the next 08:00 UTC, not at once.
    const [row] = await t.db.all<{ due: number }>(sql`select digest_due_at as due from editor_alerts`);
    expect(row!.due).toBe(Date.UTC(2026, 10, 26, 8));
    // Saving the same schedule again keeps its due time; turning it off clears it.
    t.tick(3 * 3_600_000);
    await chooseAlerts(t, mod.headers, [{ site: 'news', digest: 'daily', flagged: false }]);
    expect((await t.db.all<{ due: number }>(sql`select digest_due_at as due from editor_alerts`))[0]!.due).toBe(Date.UTC(2026, 10, 26, 8));
    await chooseAlerts(t, mod.headers, [{ site: 'news', digest: 'off', flagged: false }]);
    expect((await t.db.all<{ due: number | null }>(sql`select digest_due_at as due from editor_alerts`))[0]!.due).toBeNull();
  });

  it("are the signed-in editor's own: a moderator cannot read or change another's, even naming them", async () => {
    await chooseAlerts(t, owner.headers, [{ site: 'news', digest: 'hourly', flagged: true }]);
    const ownerId = (await t.db.all<{ id: string }>(sql`select id from editors where email = 'owner@example.com'`))[0]!.id;
    const named = await t.request('PUT', ALERTS, { editorId: ownerId, sites: [{ site: 'news', digest: 'off', flagged: false }] }, mod.headers);
    expect(named.status).toBe(400);
    expect(named.body.error.code).toBe('invalid_request');
    const inside = await t.request('PUT', ALERTS, { sites: [{ site: 'news', digest: 'off', flagged: false, editorId: ownerId }] }, mod.headers);
    expect(inside.status).toBe(400);
    expect((await t.request('PUT', `${ALERTS}?editor=${ownerId}`, { sites: [{ site: 'news', digest: 'off', flagged: false }] }, mod.headers)).status).toBe(200);
    expect(await choices(owner)).toContainEqual(['news', 'hourly', true]);
    expect(await choices(mod)).toContainEqual(['news', 'off', false]);
    // At once: each keeps their own.
    await Promise.all([
      chooseAlerts(t, owner.headers, [{ site: 'sport', digest: 'daily', flagged: false }]),
      chooseAlerts(t, mod.headers, [{ site: 'sport', digest: 'hourly', flagged: true }]),
    ]);
    expect(await choices(owner)).toEqual([
      ['sport', 'daily', false],
      ['news', 'hourly', true],
    ]);
    expect(await choices(mod)).toEqual([
      ['sport', 'hourly', true],
      ['news', 'off', false],
    ]);
  });

  it('need a session, and its CSRF token to change', async () => {
    expect((await t.get(ALERTS)).status).toBe(401);
    expect((await t.request('PUT', ALERTS, { sites: [] })).status).toBe(401);
    const noCsrf = await t.request('PUT', ALERTS, { sites: [{ site: 'news', digest: 'daily', flagged: true }] }, { Cookie: mod.cookie });
    expect(noCsrf.status).toBe(403);
    expect(await choices(mod)).toContainEqual(['news', 'off', false]);
  });

  it('refuse bad input with field errors, and unknown sites, storing nothing', async () => {
    const bad = [
      { sites: [{ site: 'news', digest: 'weekly', flagged: true }] },
      { sites: [{ site: 'news', digest: 'daily', flagged: 'yes' }] },
      { sites: [{ site: 'news', digest: 'daily' }] },
      { sites: [{ site: '../etc', digest: 'daily', flagged: true }] },
      { sites: 'news' },
      {},
      { sites: [{ site: 'news', digest: 'daily', flagged: true }, { site: 'news', digest: 'off', flagged: false }] },
    ];
    for (const body of bad) {
      const res = await t.request('PUT', ALERTS, body, mod.headers);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await t.request('PUT', ALERTS, 'not json' as unknown as object, mod.headers)).status).toBe(400);
    const unknown = await t.request('PUT', ALERTS, { sites: [{ site: 'news', digest: 'daily', flagged: true }, { site: 'nope', digest: 'daily', flagged: true }] }, mod.headers);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('site_not_found');
    expect(await t.db.all(sql`select * from editor_alerts`)).toEqual([]);
  });
});
