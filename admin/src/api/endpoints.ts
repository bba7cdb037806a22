/** One function per admin API route the dashboard uses, each typed by the server's route. */
import type { ClientResponse } from 'hono/client';
import { adminFetch, adminUrl, answer, api, init } from './client.ts';
import type { AlertChoice, CommentAction, NewBan, NewWebhook, QueueName, Role, SitePatch, SubscriberFilter, SubscriptionTopic, WebhookPatch } from './models.ts';

/** A path segment (a site id, a page key, an id) as one encoded segment: `hc` inserts it as it is. */
const enc = encodeURIComponent;
/** The site-scoped routes, under /sites/:site. */
const bySite = api.sites[':site'];
const param = (site: string) => ({ site: enc(site) });

export const signIn = (email: string, password: string, extra: Record<string, string>) =>
  answer(api.session.$post({ json: { email, password, ...extra } }), { quiet401: true });
/** Where the sign-in form gets its form token and proof-of-work challenge. */
export const signInChallengeUrl = adminUrl('/session/challenge');
export const currentSession = () => answer(api.session.$get(), { quiet401: true });
export const signOut = () => answer(api.session.$delete(), { quiet401: true });
/** Changes the signed-in editor's password; the answer carries this browser's new session. */
export const changeOwnPassword = (currentPassword: string, newPassword: string) =>
  answer(api.session.password.$put({ json: { currentPassword, newPassword } }));

/** The signed-in editor's email alerts, per site. */
export const getOwnAlerts = (signal?: AbortSignal) => answer(api.account.alerts.$get(undefined, init({ signal }))).then((r) => r.sites);
/** Saved with the browser's time zone: a daily digest comes at 08:00 on the editor's clock. */
export const saveOwnAlerts = (sites: AlertChoice[], timeZone: string) => answer(api.account.alerts.$put({ json: { sites, timeZone } })).then((r) => r.sites);

export const listSites = (signal?: AbortSignal) => answer(api.sites.$get(undefined, init({ signal }))).then((r) => r.sites);
export const getSite = (site: string) => answer(bySite.$get({ param: param(site) })).then((r) => r.site);
export const updateSite = (site: string, patch: SitePatch) => answer(bySite.$patch({ param: param(site), json: patch })).then((r) => r.site);
export const createSite = (input: { id: string; name: string; allowedOrigins?: string[] }) => answer(api.sites.$post({ json: input })).then((r) => r.site);

export interface QueueQuery {
  site: string;
  status: QueueName;
  q?: string | undefined;
  page?: string | undefined;
  cursor?: string | null | undefined;
  limit?: number;
}

export const listQueue = ({ site, cursor, limit = 50, ...query }: QueueQuery, signal?: AbortSignal) =>
  answer(bySite.comments.$get({ param: param(site), query: { ...dropEmpty(query), ...(cursor ? { cursor } : {}), limit: String(limit) } }, init({ signal })));
export const getCounts = (site: string) => answer(bySite.counts.$get({ param: param(site) })).then((r) => r.counts);

export const actOn = (id: string, action: CommentAction, reason?: string) =>
  answer(api.comments[':id'].actions.$post({ param: { id: enc(id) }, json: reason ? { action, reason } : { action } })).then((r) => r.comment);
export const editComment = (id: string, body: string) => answer(api.comments[':id'].$patch({ param: { id: enc(id) }, json: { body } })).then((r) => r.comment);

export const listBans = (site: string, signal?: AbortSignal) => answer(bySite.bans.$get({ param: param(site) }, init({ signal }))).then((r) => r.bans);
export const createBan = ({ site, ...ban }: NewBan & { site: string }) => answer(bySite.bans.$post({ param: param(site), json: ban })).then((r) => r.ban);
export const liftBan = (id: string) => answer(api.bans[':id'].$delete({ param: { id: enc(id) } }));

export const setPageClosed = (site: string, key: string, closed: boolean) => {
  const page = bySite.pages[':key{.+}'];
  const args = { param: { ...param(site), key: enc(key) } };
  return answer(closed ? page.close.$post(args) : page.reopen.$post(args)).then((r) => r.page);
};

export const listAudit = ({ site, cursor, ...query }: { site: string; editor?: string; comment?: string; cursor?: string | null }, signal?: AbortSignal) =>
  answer(bySite.audit.$get({ param: param(site), query: { ...dropEmpty(query), ...(cursor ? { cursor } : {}) } }, init({ signal })));

export const listEditors = (signal?: AbortSignal) => answer(api.editors.$get(undefined, init({ signal }))).then((r) => r.editors);
export const createEditor = (input: { email: string; name?: string; role: Role; password: string }) => answer(api.editors.$post({ json: input })).then((r) => r.editor);
export const updateEditor = (id: string, patch: { name?: string; role?: Role; password?: string }) =>
  answer(api.editors[':id'].$patch({ param: { id: enc(id) }, json: patch })).then((r) => r.editor);
export const removeEditor = (id: string) => answer(api.editors[':id'].$delete({ param: { id: enc(id) } }));

export const listBroadcasts = (site: string, signal?: AbortSignal) => answer(bySite.broadcasts.$get({ param: param(site) }, init({ signal }))).then((r) => r.broadcasts);
export const getBroadcast = (id: string, signal?: AbortSignal) => answer(api.broadcasts[':id'].$get({ param: { id: enc(id) } }, init({ signal }))).then((r) => r.broadcast);
export const createBroadcast = ({ site, ...input }: { site: string; subject: string; body: string }) =>
  answer(bySite.broadcasts.$post({ param: param(site), json: input })).then((r) => r.broadcast);
export const sendTestBroadcast = (id: string) => answer(api.broadcasts[':id'].test.$post({ param: { id: enc(id) } })).then((r) => r.sentTo);
/** Answers 409 when the broadcast was sent already. */
export const sendBroadcast = (id: string) => answer(api.broadcasts[':id'].send.$post({ param: { id: enc(id) } })).then((r) => r.broadcast);

export interface SubscriberQuery {
  site: string;
  status?: SubscriberFilter | '' | undefined;
  topic?: SubscriptionTopic | '' | undefined;
  q?: string | undefined;
  limit?: number;
}

/** One page of subscribers, newest first, and where the next starts (null at the end). */
export const listSubscribers = ({ site, status, topic, q, limit, cursor }: SubscriberQuery & { cursor?: string | undefined }, signal?: AbortSignal) =>
  answer(
    bySite.subscribers.$get(
      {
        param: param(site),
        query: { ...(status ? { status } : {}), ...(topic ? { topic } : {}), ...(q ? { q } : {}), ...(limit ? { limit: String(limit) } : {}), ...(cursor ? { cursor } : {}) },
      },
      init({ signal }),
    ),
  );
/** A download link for the subscribers (matching the same filters) as CSV. */
export const subscribersExportUrl = ({ site, ...query }: Omit<SubscriberQuery, 'limit'>) => adminUrl(`/sites/${enc(site)}/subscribers/export`, { ...query });
export const importSubscribers = ({ site, ...input }: { site: string; csv: string; consented: boolean }) =>
  answer(bySite.subscribers.import.$post({ param: param(site), json: input }));
export const unsubscribeSubscriber = (site: string, id: string) => answer(bySite.subscribers[':id'].unsubscribe.$post({ param: { ...param(site), id: enc(id) } }));
export const deleteSubscriber = (site: string, id: string) => answer(bySite.subscribers[':id'].$delete({ param: { ...param(site), id: enc(id) } }));

export const listMailbox = ({ site, to }: { site: string; to?: string | undefined }, signal?: AbortSignal) =>
  answer(bySite.mailbox.$get({ param: param(site), query: to ? { to } : {} }, init({ signal }))).then((r) => r.messages);

/** Emails a story update to the confirmed followers of one article. */
export const postStoryUpdate = (site: string, pageKey: string, input: { subject: string; body: string }) =>
  answer(bySite.pages[':key{.+}'].updates.$post({ param: { ...param(site), key: enc(pageKey) }, json: input })).then((r) => r.recipients);

/** Privacy requests (owners): the address goes in the body, never in a URL. */
export const findPersonalData = (email: string) => answer(api.privacy.find.$post({ json: { email } }));
export const exportPersonalData = (email: string) => answer(api.privacy.export.$post({ json: { email } }));
export const erasePersonalData = (email: string, doNotMail: boolean) => answer(api.privacy.erase.$post({ json: { email, doNotMail } })).then((r) => r.erased);
/** Uploads a Disqus or WordPress export for a site: a dry run previews, otherwise it imports. */
export const importComments = (input: { site: string; format: 'disqus' | 'wordpress'; pageKey: 'path' | 'url' | 'identifier'; dryRun: boolean; file: File }) =>
  answer(
    bySite.imports.$post(
      { param: param(input.site), query: { format: input.format, pageKey: input.pageKey, dryRun: input.dryRun ? 'true' : 'false', filename: input.file.name } },
      // The file goes up as it is, streamed by the server (not JSON).
      { headers: { 'Content-Type': 'application/octet-stream' }, init: { body: input.file } },
    ),
  ).then((r) => r.summary);

/** A site's outgoing webhooks (owners): the endpoints, the event names, whether private URLs are allowed. */
export const listWebhooks = (site: string, signal?: AbortSignal) => answer(bySite.webhooks.$get({ param: param(site) }, init({ signal })));
/** Registers an endpoint; the answer carries its signing secret, this once. */
export const createWebhook = (site: string, input: NewWebhook) => answer(bySite.webhooks.$post({ param: param(site), json: input }));
const webhook = (site: string, id: string) => ({ param: { ...param(site), id: enc(id) } });
export const updateWebhook = (site: string, id: string, patch: WebhookPatch) => answer(bySite.webhooks[':id'].$patch({ ...webhook(site, id), json: patch })).then((r) => r.endpoint);
export const deleteWebhook = (site: string, id: string) => answer(bySite.webhooks[':id'].$delete(webhook(site, id)));
/** A new signing secret, answered once; the old one stops working at once. */
export const rotateWebhookSecret = (site: string, id: string) => answer(bySite.webhooks[':id'].secret.$post(webhook(site, id))).then((r) => r.secret);
/** Sends a signed `webhook.test` now; answers the delivery as the log shows it. */
export const sendWebhookTest = (site: string, id: string) => answer(bySite.webhooks[':id'].test.$post(webhook(site, id))).then((r) => r.delivery);
export const listWebhookDeliveries = (site: string, id: string, signal?: AbortSignal) =>
  answer(bySite.webhooks[':id'].deliveries.$get({ ...webhook(site, id), query: {} }, init({ signal }))).then((r) => r.deliveries);

/** The query without empty values (an empty search box is no filter). */
function dropEmpty<Q extends Record<string, string | undefined>>(query: Q): { [K in keyof Q]?: Exclude<Q[K], undefined> } {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as { [K in keyof Q]?: Exclude<Q[K], undefined> };
}

/** The calendar days (YYYY-MM-DD, inclusive) of the Overview's period, in the editor's zone. */
export interface StatsQuery {
  site: string;
  from: string;
  to: string;
  tz: string;
}

/** The Overview's series (SiteStats in models.ts, as the server's stats route answers). */
export const getStats = ({ site, ...query }: StatsQuery, signal?: AbortSignal) => answer(bySite.stats.$get({ param: param(site), query }, init({ signal })));
