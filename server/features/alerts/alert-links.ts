import { signToken, verifyToken } from '../../crypto.ts';

/** The kinds of alert an editor can turn off from an email. */
export type AlertKind = 'digest' | 'flagged';

/** Signed-token purpose of the links that turn an alert off (never accepted for anything else). */
const PURPOSE = 'editor-alert-off';

/**
 * The one-click unsubscribe address of one kind of alert, for one editor and site (RFC 8058:
 * POST turns it off, GET shows a page with a button). The token is signed with the instance
 * secret and does not expire: an old email's link must keep working.
 */
export async function alertOffUrl(secret: string, publicUrl: string, a: { editorId: string; siteId: string; kind: AlertKind }): Promise<string> {
  const token = await signToken(secret, { p: PURPOSE, s: a.editorId, d: [a.siteId, a.kind] });
  return `${publicUrl}/alerts/off/${token}`;
}

/** What a valid link turns off; undefined for a made-up or altered token. */
export async function readAlertOffToken(secret: string, token: string, now: number): Promise<{ editorId: string; siteId: string; kind: AlertKind } | undefined> {
  const claims = await verifyToken(secret, token, PURPOSE, now);
  const [siteId, kind] = claims?.d ?? [];
  if (!claims || !siteId || (kind !== 'digest' && kind !== 'flagged')) return undefined;
  return { editorId: claims.s, siteId, kind };
}

/**
 * The dashboard's queue for a site (the dashboard opens that site: `?site=`), or only one story's
 * comments in it (`&page=`, the page key), where an alert's comment is found at once.
 */
export function queueUrl(publicUrl: string, siteId: string, queue: 'pending' | 'flagged', pageKey?: string): string {
  const story = pageKey === undefined ? '' : `&page=${encodeURIComponent(pageKey)}`;
  return `${publicUrl}/admin/#/queue/${queue}?site=${encodeURIComponent(siteId)}${story}`;
}

/** The dashboard's account page, where alerts are chosen. */
export const accountUrl = (publicUrl: string) => `${publicUrl}/admin/#/account`;
