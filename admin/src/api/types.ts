/** The shapes the admin API answers with (see server/features/moderation, editors, sites, newsletter). */

export type Role = 'owner' | 'moderator';

export interface Editor {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Milliseconds from the session routes, an ISO string from the editors routes. */
  createdAt: number | string;
}

export interface SessionInfo {
  editor: Editor;
  csrfToken: string;
}

export type ModerationMode = 'post' | 'pre' | 'first';
export type BanAction = 'refuse' | 'hold';
/** What happens to a comment that fails the bot checks (sign-ups, reports and sign-in are always refused). */
export type FailAction = 'refuse' | 'hold';

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export type RateLimitName = 'comment' | 'commentHourly' | 'flag' | 'vote' | 'subscribe';

/** A site's spam defences (server/features/sites/site-settings.ts, spamSettingsSchema). */
export interface SpamSettings {
  enabled: boolean;
  failAction: FailAction;
  minFillSeconds: number;
  powDifficulty: number;
  maxLinks: number;
  duplicateHours: number;
  holdScore: number;
  spamScore: number;
  rateLimits: Record<RateLimitName, RateLimit>;
}

export interface Site {
  id: string;
  name: string;
  allowedOrigins: string[];
  moderationMode: ModerationMode;
  wordLists: { banned: string[]; suspect: string[] };
  flagThreshold: number;
  /** A comment that reaches the flag threshold leaves the page until reviewed (else it stays up). */
  hideFlaggedUntilReviewed: boolean;
  autoCloseDays: number | null;
  banAction: BanAction;
  editWindowMinutes: number;
  /** Seconds a CDN may serve the public reads before revalidating; 0 off. */
  edgeCacheSeconds: number;
  spam: SpamSettings;
  /** The publication's logo on the pages behind email links (https), or null. */
  logoUrl: string | null;
  /** Their accent colour, #rrggbb, or null for Parley's blue. */
  accentColor: string | null;
  /** Whether the site has a publisher SSO secret; the secret itself is never sent back. */
  ssoConfigured: boolean;
  createdAt: string;
}

/** The server deep-merges `spam` with what it has, so a patch may send only some of it. */
export type SpamPatch = Partial<Omit<SpamSettings, 'rateLimits'>> & { rateLimits?: Partial<Record<RateLimitName, RateLimit>> };

export type SitePatch = Partial<Omit<Site, 'id' | 'createdAt' | 'spam' | 'ssoConfigured'>> & {
  spam?: SpamPatch;
  /** The publisher SSO secret (32–256 printable characters); null turns SSO off. */
  ssoSecret?: string | null;
};

export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'spam' | 'deleted';

/** The queues the dashboard shows as tabs. */
export type QueueName = 'pending' | 'flagged' | 'spam' | 'all';

export interface AuthorHistory {
  approved: number;
  rejected: number;
  total: number;
  /** Milliseconds since the epoch. */
  firstSeen: number;
}

export interface QueueComment {
  id: string;
  site: string;
  status: CommentStatus;
  parentId: string | null;
  authorName: string;
  authorEmail: string | null;
  identityId: string | null;
  ipHash: string | null;
  bodySource: string;
  /** Sanitised by the server. */
  bodyHtml: string;
  score: number;
  pinned: boolean;
  flagCount: number;
  spamScore: number;
  /** What raised the spam score (content heuristics, Akismet). */
  spamReasons: string[];
  heldReasons: string[];
  /** Why readers reported it; null when nobody did (or the reports were cleared). */
  flags: FlagSummary | null;
  createdAt: string;
  editedAt: string | null;
  editedBy: string | null;
  /** Its reader deleted it (words and author erased): final, only a placeholder can be removed. */
  deletedByAuthor: boolean;
  page: { key: string; title: string | null; url: string | null; closed: boolean };
  parent: { id: string; authorName: string | null; bodyHtml: string | null; status: CommentStatus | null } | null;
  author: AuthorHistory | null;
}

export type FlagReason = 'spam' | 'abuse' | 'off-topic' | 'other';

export interface FlagSummary {
  /** Reports by reason. */
  reasons: Partial<Record<FlagReason, number>>;
  /** Readers' notes, newest first (at most five). */
  notes: string[];
}

export interface QueuePage {
  comments: QueueComment[];
  nextCursor: string | null;
}

export interface Counts {
  pending: number;
  flagged: number;
  spam: number;
}

export type CommentAction = 'approve' | 'reject' | 'spam' | 'delete' | 'restore' | 'pin' | 'unpin';

export type BanKind = 'email' | 'identity' | 'ip';

export interface Ban {
  id: string;
  siteId: string;
  kind: BanKind;
  value: string;
  reason: string | null;
  commentId: string | null;
  expiresAt: string | null;
  createdBy: string | null;
  createdAt: string;
  /** The editor who banned (null if they were removed since); only in the bans list. */
  bannedBy?: { name: string | null; email: string } | null;
  /** The comment that led to the ban, when made from one; only in the bans list. */
  comment?: { id: string; authorName: string | null; excerpt: string | null; page: string | null; deleted: boolean } | null;
}

export interface NewBan {
  site: string;
  kind: BanKind;
  value?: string;
  commentId?: string;
  reason?: string;
  expiresAt?: string;
}

export interface AuditEntry {
  id: string;
  siteId: string | null;
  editorId: string | null;
  editorEmail: string | null;
  action: string;
  commentId: string | null;
  target: string | null;
  beforeStatus: string | null;
  afterStatus: string | null;
  reason: string | null;
  createdAt: string;
  /** The comment the entry is about: its author and opening words (null when its reader deleted it). */
  comment: { authorName: string | null; excerpt: string | null; deleted: boolean } | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

export type BroadcastStatus = 'draft' | 'sending' | 'sent';

export interface BroadcastCounts {
  queued: number;
  /** Handed over (or kept in the development mailbox); includes delivered. */
  sent: number;
  delivered: number;
  failed: number;
  suppressed: number;
  bounced: number;
  complained: number;
  unsubscribed: number;
}

export interface Broadcast {
  id: string;
  site: string;
  subject: string;
  /** Markdown. */
  body: string;
  status: BroadcastStatus;
  /** 0 until sent. */
  recipients: number;
  createdAt: string;
  sentAt: string | null;
  counts: BroadcastCounts;
}

export type SubscriptionTopic = 'newsletter' | 'page' | 'replies';
export type SubscriptionStatus = 'unconfirmed' | 'confirmed' | 'unsubscribed';
/** The status filter of the subscribers list: a subscription's status, or a blocked subscriber. */
export type SubscriberFilter = SubscriptionStatus | 'blocked';

export interface Subscriber {
  id: string;
  email: string;
  name: string | null;
  status: 'active' | 'blocked';
  createdAt: string;
  topics: { topic: SubscriptionTopic; status: SubscriptionStatus }[];
}

export interface ImportReport {
  imported: number;
  /** Line numbers count the header as line 1. */
  skipped: { line: number; reason: string }[];
}

export type MailStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'local' | 'suppressed';

export interface MailMessage {
  id: string;
  /** confirm, newsletter, story, reply, test … */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** local: kept in the development mailbox instead of being sent. */
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** Everything stored about one email address (POST /privacy/find and /privacy/export). */
export interface PersonalData {
  format: 'parley-personal-data';
  version: number;
  email: string;
  exportedAt: string;
  comments: {
    id: string;
    site: string;
    page: { key: string; url: string | null; title: string | null };
    parentId: string | null;
    authorName: string;
    body: string;
    status: CommentStatus;
    replies: number;
    createdAt: string;
    editedAt: string | null;
  }[];
  subscribers: {
    site: string;
    name: string | null;
    status: string;
    createdAt: string;
    subscriptions: { topic: SubscriptionTopic; target: string; status: SubscriptionStatus; createdAt: string }[];
  }[];
  doNotMail: { reason: string; createdAt: string } | null;
  bans: { site: string; reason: string | null; createdAt: string; expiresAt: string | null }[];
  emails: { kind: string; subject: string; status: string; createdAt: string; sentAt: string | null }[];
}

export interface EraseReport {
  commentsRemoved: number;
  commentsAnonymised: number;
  subscribersRemoved: number;
  bansKept: number;
  doNotMail: boolean;
  emailHash: string;
}

/** What a Disqus or WordPress import did, or in a dry run would do (server/features/import). */
export interface CommentImportSummary {
  source: 'disqus' | 'wordpress';
  file: string;
  dryRun: boolean;
  pages: { created: number; existing: number };
  comments: Record<'pending' | 'approved' | 'rejected' | 'spam' | 'deleted', number>;
  alreadyImported: number;
  orphans: number;
  skipped: Record<string, number>;
  ms: number;
}
