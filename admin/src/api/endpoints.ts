/** One function per admin API route the dashboard uses. */
import { adminUrl, request } from './client.ts';
import type {
  AuditPage,
  Ban,
  CommentImportSummary,
  Broadcast,
  CommentAction,
  CommentStatus,
  Counts,
  Editor,
  ImportReport,
  MailMessage,
  NewBan,
  PersonalData,
  EraseReport,
  QueueName,
  QueuePage,
  Role,
  SessionInfo,
  Site,
  SitePatch,
  Subscriber,
  SubscriberFilter,
  SubscriptionTopic,
} from './types.ts';

const enc = encodeURIComponent;

export const signIn = (email: string, password: string, extra: Record<string, string>) =>
  request<SessionInfo>('POST', '/session', { body: { email, password, ...extra }, quiet401: true });
/** Where the sign-in form gets its form token and proof-of-work challenge. */
export const signInChallengeUrl = adminUrl('/session/challenge');
export const currentSession = () => request<SessionInfo>('GET', '/session', { quiet401: true });
export const signOut = () => request<void>('DELETE', '/session', { quiet401: true });
/** Changes the signed-in editor's password; the answer carries this browser's new session. */
export const changeOwnPassword = (currentPassword: string, newPassword: string) =>
  request<SessionInfo>('PUT', '/session/password', { body: { currentPassword, newPassword } });

export const listSites = () => request<{ sites: Site[] }>('GET', '/sites').then((r) => r.sites);
export const getSite = (site: string) => request<{ site: Site }>('GET', `/sites/${enc(site)}`).then((r) => r.site);
export const updateSite = (site: string, patch: SitePatch) =>
  request<{ site: Site }>('PATCH', `/sites/${enc(site)}`, { body: patch }).then((r) => r.site);
export const createSite = (input: { id: string; name: string; allowedOrigins?: string[] }) =>
  request<{ site: Site }>('POST', '/sites', { body: input }).then((r) => r.site);

export interface QueueQuery {
  site: string;
  status: QueueName;
  q?: string | undefined;
  page?: string | undefined;
  cursor?: string | null | undefined;
  limit?: number;
}

export const listQueue = (query: QueueQuery, signal?: AbortSignal) =>
  request<QueuePage>('GET', '/comments', { query: { limit: 50, ...query }, ...(signal ? { signal } : {}) });
export const getCounts = (site: string) => request<{ counts: Counts }>('GET', '/counts', { query: { site } }).then((r) => r.counts);

export const actOn = (id: string, action: CommentAction, reason?: string) =>
  request<{ comment: { id: string; status: CommentStatus; pinned: boolean } }>('POST', `/comments/${enc(id)}/actions`, {
    body: reason ? { action, reason } : { action },
  }).then((r) => r.comment);
export const editComment = (id: string, body: string) =>
  request<{ comment: { id: string; bodyHtml: string; editedAt: string; editedBy: string } }>('PATCH', `/comments/${enc(id)}`, {
    body: { body },
  }).then((r) => r.comment);

export const listBans = (site: string) => request<{ bans: Ban[] }>('GET', '/bans', { query: { site } }).then((r) => r.bans);
export const createBan = (ban: NewBan) => request<{ ban: Ban }>('POST', '/bans', { body: ban }).then((r) => r.ban);
export const liftBan = (id: string) => request<void>('DELETE', `/bans/${enc(id)}`);

export const setPageClosed = (site: string, key: string, closed: boolean) =>
  request<{ page: { key: string; closed: boolean } }>('POST', `/sites/${enc(site)}/pages/${enc(key)}/${closed ? 'close' : 'reopen'}`).then(
    (r) => r.page,
  );

export const listAudit = (query: { site: string; editor?: string; comment?: string; cursor?: string | null }, signal?: AbortSignal) =>
  request<AuditPage>('GET', '/audit', { query, ...(signal ? { signal } : {}) });

export const listEditors = () => request<{ editors: Editor[] }>('GET', '/editors').then((r) => r.editors);
export const createEditor = (input: { email: string; name?: string; role: Role; password: string }) =>
  request<{ editor: Editor }>('POST', '/editors', { body: input }).then((r) => r.editor);
export const updateEditor = (id: string, patch: { name?: string; role?: Role; password?: string }) =>
  request<{ editor: Editor }>('PATCH', `/editors/${enc(id)}`, { body: patch }).then((r) => r.editor);
export const removeEditor = (id: string) => request<void>('DELETE', `/editors/${enc(id)}`);

export const listBroadcasts = (site: string) => request<{ broadcasts: Broadcast[] }>('GET', '/broadcasts', { query: { site } }).then((r) => r.broadcasts);
export const getBroadcast = (id: string, signal?: AbortSignal) =>
  request<{ broadcast: Broadcast }>('GET', `/broadcasts/${enc(id)}`, signal ? { signal } : {}).then((r) => r.broadcast);
export const createBroadcast = (input: { site: string; subject: string; body: string }) =>
  request<{ broadcast: Broadcast }>('POST', '/broadcasts', { body: input }).then((r) => r.broadcast);
export const sendTestBroadcast = (id: string) => request<{ sentTo: string }>('POST', `/broadcasts/${enc(id)}/test`).then((r) => r.sentTo);
/** Answers 409 when the broadcast was sent already. */
export const sendBroadcast = (id: string) => request<{ broadcast: Broadcast }>('POST', `/broadcasts/${enc(id)}/send`).then((r) => r.broadcast);

export interface SubscriberQuery {
  site: string;
  status?: SubscriberFilter | '' | undefined;
  topic?: SubscriptionTopic | '' | undefined;
  q?: string | undefined;
  limit?: number;
}

export const listSubscribers = (query: SubscriberQuery, signal?: AbortSignal) =>
  request<{ subscribers: Subscriber[] }>('GET', '/subscribers', { query: { ...query }, ...(signal ? { signal } : {}) }).then((r) => r.subscribers);
/** A download link for the subscribers (matching the same filters) as CSV. */
export const subscribersExportUrl = (query: Omit<SubscriberQuery, 'limit'>) => adminUrl('/subscribers/export', { ...query });
export const importSubscribers = (input: { site: string; csv: string; consented: boolean }) =>
  request<ImportReport>('POST', '/subscribers/import', { body: input });
export const unsubscribeSubscriber = (site: string, id: string) => request<{ unsubscribed: boolean }>('POST', `/subscribers/${enc(id)}/unsubscribe`, { query: { site } });
export const deleteSubscriber = (site: string, id: string) => request<void>('DELETE', `/subscribers/${enc(id)}`, { query: { site } });

export const listMailbox = (query: { site: string; to?: string | undefined }, signal?: AbortSignal) =>
  request<{ messages: MailMessage[] }>('GET', '/mailbox', { query, ...(signal ? { signal } : {}) }).then((r) => r.messages);

/** Emails a story update to the confirmed followers of one article. */
export const postStoryUpdate = (site: string, pageKey: string, input: { subject: string; body: string }) =>
  request<{ recipients: number }>('POST', `/sites/${enc(site)}/pages/${enc(pageKey)}/updates`, { body: input }).then((r) => r.recipients);

/** Privacy requests (owners): the address goes in the body, never in a URL. */
export const findPersonalData = (email: string) => request<PersonalData>('POST', '/privacy/find', { body: { email } });
export const exportPersonalData = (email: string) => request<PersonalData>('POST', '/privacy/export', { body: { email } });
export const erasePersonalData = (email: string, doNotMail: boolean) =>
  request<{ erased: EraseReport }>('POST', '/privacy/erase', { body: { email, doNotMail } }).then((r) => r.erased);
/** Uploads a Disqus or WordPress export for a site: a dry run previews, otherwise it imports. */
export const importComments = (input: { site: string; format: 'disqus' | 'wordpress'; pageKey: 'path' | 'url' | 'identifier'; dryRun: boolean; file: File }) =>
  request<{ summary: CommentImportSummary }>('POST', '/imports', {
    query: { site: input.site, format: input.format, pageKey: input.pageKey, dryRun: String(input.dryRun), filename: input.file.name },
    raw: input.file,
  }).then((r) => r.summary);
