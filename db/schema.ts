/**
 * The database schema, shared by the Node entry (better-sqlite3) and the Worker entry (D1).
 * Only drizzle-kit turns this into SQL (`npm run db:generate` → db/migrations); never edit an
 * applied migration, add a new one.
 *
 * Conventions:
 * - Ids are short random strings made by the application, so a multi-statement write can be
 *   built in full before it runs (D1's batch() cannot feed one statement's result to the next).
 * - Times are integer milliseconds since the epoch (UTC).
 * - JSON settings are stored as text and validated by the code that reads them.
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';

export const COMMENT_STATUSES = ['pending', 'approved', 'rejected', 'spam', 'deleted'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export const MODERATION_MODES = ['post', 'pre', 'first'] as const;
export type ModerationMode = (typeof MODERATION_MODES)[number];

/** Values that belong to the installation rather than to a site (e.g. a generated secret). */
export const instance = sqliteTable('instance', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** A publisher's site. The slug is the id readers see in URLs and in the embed snippet. */
export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** JSON array of origins (scheme://host[:port]) allowed to call the public API from a browser. */
  allowedOrigins: text('allowed_origins').notNull().default('[]'),
  moderationMode: text('moderation_mode', { enum: MODERATION_MODES }).notNull().default('post'),
  /** JSON object of per-site settings (word lists, thresholds, windows); see server/features/sites. */
  settings: text('settings').notNull().default('{}'),
  /**
   * The key the publisher's server signs SSO tokens with (HS256); null when SSO is off. Kept out
   * of the JSON settings, which the dashboard reads back whole: it is written, never shown.
   */
  ssoSecret: text('sso_secret'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** An article (or any page) under which comments are shown; created on its first comment. */
export const pages = sqliteTable(
  'pages',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    url: text('url'),
    title: text('title'),
    closed: integer('closed', { mode: 'boolean' }).notNull().default(false),
    /** Approved comments (replies included), kept in step by every write that changes a status. */
    commentCount: integer('comment_count').notNull().default(0),
    /**
     * Bumped by database triggers whenever any comment of the page is written, so a cached
     * listing of the page can be checked for freshness with one indexed read.
     */
    version: integer('version').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('pages_site_key_uq').on(t.siteId, t.key)],
);

export const comments = sqliteTable(
  'comments',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    pageId: text('page_id')
      .notNull()
      .references(() => pages.id, { onDelete: 'cascade' }),
    /** The comment this one answers; null for a top-level comment. */
    parentId: text('parent_id'),
    /** The top-level comment of the thread; null for a top-level comment itself. */
    rootId: text('root_id'),
    /** 0 for top-level comments, parent's depth + 1 for replies (not capped: display caps it). */
    depth: integer('depth').notNull().default(0),
    authorName: text('author_name').notNull(),
    /** Never shown to other readers; used for notifications, moderation and bans. */
    authorEmail: text('author_email'),
    /** A verified or SSO reader, when the comment was written signed in. */
    identityId: text('identity_id'),
    /**
     * The SSO identity's avatar (http/https only), copied at write time so the listing stays a
     * one-table query; rewritten on the identity's comments when the publisher's value changes.
     */
    authorAvatarUrl: text('author_avatar_url'),
    /** What the reader typed (Markdown). */
    bodySource: text('body_source').notNull(),
    /** The safe HTML rendered once at write time from bodySource. */
    bodyHtml: text('body_html').notNull(),
    status: text('status', { enum: COMMENT_STATUSES }).notNull(),
    score: integer('score').notNull().default(0),
    pinned: integer('pinned', { mode: 'boolean' }).notNull().default(false),
    flagCount: integer('flag_count').notNull().default(0),
    /** Sum of the spam checks' scores at write time (content heuristics, Akismet). */
    spamScore: real('spam_score').notNull().default(0),
    /** JSON array of what raised the spam score, shown beside it in the moderation queue. */
    spamReasons: text('spam_reasons').notNull().default('[]'),
    /** SHA-256 of the normalised body, to refuse a recent duplicate posted by anyone. */
    bodyHash: text('body_hash'),
    /** JSON array of short reasons why the comment was held or scored. */
    heldReasons: text('held_reasons').notNull().default('[]'),
    /** Keyed hash of the poster's IP address; the address itself is never stored. */
    ipHash: text('ip_hash'),
    /**
     * Keyed hash of the poster's browser token (a random id the widget keeps in the article's
     * first-party storage), so a reader cannot up-vote their own comment.
     */
    authorKey: text('author_key'),
    /** SHA-256 of the edit token handed to the poster; lets them edit or delete their comment. */
    editTokenHash: text('edit_token_hash'),
    editedAt: integer('edited_at'),
    /**
     * When its author deleted it. The text and the author are erased; a comment with replies
     * stays listed as a "[deleted]" placeholder so the thread keeps its shape.
     */
    deletedAt: integer('deleted_at'),
    editedBy: text('edited_by', { enum: ['author', 'moderator'] }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    // Keyset listing of a page's top-level comments, one index per sort order. Pinned comments
    // are listed apart (there are few), so the listing itself filters pinned = 0.
    index('comments_list_newest_idx').on(t.pageId, t.status, t.depth, t.pinned, t.createdAt, t.id),
    index('comments_list_top_idx').on(t.pageId, t.status, t.depth, t.pinned, t.score, t.createdAt, t.id),
    // Replies of the top-level comments on one listed page.
    index('comments_root_idx').on(t.rootId, t.createdAt),
    index('comments_parent_idx').on(t.parentId),
    // Moderation queues across a site.
    index('comments_site_status_idx').on(t.siteId, t.status, t.createdAt),
    // Reported comments of a site, newest first: few among many, so a partial index finds them
    // (the Flagged queue, and published comments over the flag threshold in Pending) without
    // reading every published comment of the site.
    index('comments_flagged_idx').on(t.siteId, t.createdAt, t.id).where(sql`${t.flagCount} > 0`),
    index('comments_author_email_idx').on(t.siteId, t.authorEmail),
    index('comments_body_hash_idx').on(t.siteId, t.bodyHash, t.createdAt),
    // A signed-in reader's own comments: export, and renaming on an SSO profile change.
    index('comments_identity_idx').on(t.identityId, t.createdAt),
  ],
);

/** One up-vote per reader per comment; the reader key is an identity id or a keyed browser hash. */
export const votes = sqliteTable(
  'votes',
  {
    commentId: text('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    voterKey: text('voter_key').notNull(),
    /**
     * Keyed hash of the voter's network (IPv4 address, IPv6 /64): a score counts each network once,
     * so one person rotating browser tokens cannot stuff votes. Null on votes older than it.
     */
    networkKey: text('network_key'),
    value: integer('value').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.voterKey] })],
);

/** A reader's report of a comment; one per reader per comment. */
export const flags = sqliteTable(
  'flags',
  {
    id: text('id').primaryKey(),
    commentId: text('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    reporterKey: text('reporter_key').notNull(),
    /** Keyed hash of the reporter's network: reports count once per network toward the threshold. */
    networkKey: text('network_key'),
    reason: text('reason', { enum: ['spam', 'abuse', 'off-topic', 'other'] }).notNull(),
    note: text('note'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('flags_comment_reporter_uq').on(t.commentId, t.reporterKey)],
);

export const EDITOR_ROLES = ['owner', 'moderator'] as const;
export type EditorRole = (typeof EDITOR_ROLES)[number];

/** People who sign in to the dashboard. Owners also manage editors, sites and settings. */
export const editors = sqliteTable('editors', {
  id: text('id').primaryKey(),
  /** Lower-cased; the sign-in name. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: EDITOR_ROLES }).notNull(),
  /** `pbkdf2-sha256$<rounds>x<iterations>$<salt>$<hash>`; see server/features/editors/password.ts. */
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const ALERT_DIGESTS = ['off', 'hourly', 'daily'] as const;
export type AlertDigest = (typeof ALERT_DIGESTS)[number];

/**
 * An editor's email alerts for one site (server/features/alerts): the queue digest and the
 * flagged-comment alert. No row means both are off (opt-in).
 */
export const editorAlerts = sqliteTable(
  'editor_alerts',
  {
    editorId: text('editor_id')
      .notNull()
      .references(() => editors.id, { onDelete: 'cascade' }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    digest: text('digest', { enum: ALERT_DIGESTS }).notNull().default('off'),
    flagged: integer('flagged', { mode: 'boolean' }).notNull().default(false),
    /** When the next digest is due (ms); null while the digest is off. */
    digestDueAt: integer('digest_due_at'),
    /** When the last digest was queued for this editor and site (ms); null before the first. */
    lastDigestAt: integer('last_digest_at'),
    /** The editor's IANA time zone when they chose: the daily digest comes at 08:00 there. */
    timeZone: text('time_zone').notNull().default('UTC'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.editorId, t.siteId] }),
    // The digest job's one query for who is due.
    index('editor_alerts_due_idx').on(t.digestDueAt),
    // Who hears of a flagged comment on a site.
    index('editor_alerts_flagged_idx').on(t.siteId, t.flagged),
  ],
);

/**
 * Which comments a queued digest email quotes (by the email's outbox key): an erasure finds the
 * digests that quote the erased person's words through it, as it finds reply notifications and
 * report alerts by their keys, which name the comment.
 */
export const alertDigestComments = sqliteTable(
  'alert_digest_comments',
  {
    commentId: text('comment_id').notNull(),
    outboxKey: text('outbox_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.outboxKey] })],
);

/** Dashboard sessions. Only a hash of the cookie's token is stored, so a leaked table is no key. */
export const editorSessions = sqliteTable(
  'editor_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    editorId: text('editor_id')
      .notNull()
      .references(() => editors.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('editor_sessions_editor_idx').on(t.editorId)],
);

/**
 * Counters for rate limits and sign-in throttling, kept in the database so they hold across
 * processes and Workers isolates. `key` names the action and who does it (hashed).
 */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStart: integer('window_start').notNull(),
  /** When the key may act again (lockouts); 0 when not locked. */
  blockedUntil: integer('blocked_until').notNull().default(0),
});

/**
 * Single-use proofs already spent (form tokens, and the proof-of-work bound to them), kept until
 * they would have expired anyway so a replay is refused.
 */
export const spentTokens = sqliteTable(
  'spent_tokens',
  {
    key: text('key').primaryKey(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('spent_tokens_expires_idx').on(t.expiresAt)],
);

export const BAN_KINDS = ['email', 'identity', 'ip'] as const;
export type BanKind = (typeof BAN_KINDS)[number];

/** A commenter barred from a site: by email, by identity, or by keyed IP hash. */
export const bans = sqliteTable(
  'bans',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: BAN_KINDS }).notNull(),
    /** The email (lower-cased), identity id, or IP hash. */
    value: text('value').notNull(),
    reason: text('reason'),
    /**
     * The comment that led to the ban, when it was made from one: the bans list shows its author
     * and links to it (read from the comment, so erasing the comment erases the name here too).
     */
    commentId: text('comment_id'),
    expiresAt: integer('expires_at'),
    createdBy: text('created_by').references(() => editors.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('bans_site_kind_value_uq').on(t.siteId, t.kind, t.value)],
);

/** The audit log: every moderator action, who did it, and what changed. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    editorId: text('editor_id').references(() => editors.id, { onDelete: 'set null' }),
    /** Kept so the log still says who acted after an editor is removed. */
    editorEmail: text('editor_email'),
    action: text('action').notNull(),
    commentId: text('comment_id'),
    /** What else the action was about: a ban id, a page key, a setting name. */
    target: text('target'),
    beforeStatus: text('before_status'),
    afterStatus: text('after_status'),
    reason: text('reason'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('audit_site_created_idx').on(t.siteId, t.createdAt),
    index('audit_comment_idx').on(t.commentId),
    index('audit_editor_idx').on(t.editorId, t.createdAt),
  ],
);

export const SUBSCRIBER_STATUSES = ['active', 'blocked'] as const;
export const SUBSCRIPTION_TOPICS = ['newsletter', 'page', 'replies'] as const;
export type SubscriptionTopic = (typeof SUBSCRIPTION_TOPICS)[number];
export const SIGNUP_SOURCES = ['comment', 'article'] as const;
export type SignupSource = (typeof SIGNUP_SOURCES)[number];
export const SUBSCRIPTION_STATUSES = ['unconfirmed', 'confirmed', 'unsubscribed'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/**
 * One row per site and address. Its status says whether we may mail the address at all
 * (`blocked` after a bounce, complaint or erasure); each subscription says what they asked for.
 */
export const subscribers = sqliteTable(
  'subscribers',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name'),
    status: text('status', { enum: SUBSCRIBER_STATUSES }).notNull().default('active'),
    /** Public, unguessable id used in manage/unsubscribe links; never the row id. */
    token: text('token').notNull().unique(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('subscribers_site_email_uq').on(t.siteId, t.email),
    // The dashboard's list and the CSV export, newest first, in pages.
    index('subscribers_site_created_idx').on(t.siteId, t.createdAt, t.id),
  ],
);

export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    subscriberId: text('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    topic: text('topic', { enum: SUBSCRIPTION_TOPICS }).notNull(),
    /** '' for the newsletter, a page id for story updates, a comment id for reply notifications. */
    target: text('target').notNull().default(''),
    status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull(),
    createdAt: integer('created_at').notNull(),
    confirmedAt: integer('confirmed_at'),
    unsubscribedAt: integer('unsubscribed_at'),
    /**
     * Which reader form asked for it: `comment` (the comment form's reply emails), `article` (the
     * article's sign-up form); null when an editor added or imported it (not a reader's sign-up).
     * With the page it was asked for on, it feeds the overview's sign-ups by story.
     */
    source: text('source', { enum: SIGNUP_SOURCES }),
    sourcePageId: text('source_page_id'),
  },
  (t) => [
    uniqueIndex('subscriptions_subscriber_topic_target_uq').on(t.subscriberId, t.topic, t.target),
    index('subscriptions_topic_target_status_idx').on(t.topic, t.target, t.status),
  ],
);

/** Addresses never to mail again (bounces, complaints, erasure requests), across all sites. */
export const suppressions = sqliteTable('suppressions', {
  email: text('email').primaryKey(),
  reason: text('reason', { enum: ['bounce', 'complaint', 'request'] }).notNull(),
  detail: text('detail'),
  createdAt: integer('created_at').notNull(),
});

export const OUTBOX_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'local', 'suppressed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Every email, written here first in the same atomic write as the change that caused it, then
 * sent by the outbox drain. `idempotencyKey` is what the provider sees, so a retry after a crash
 * between sending and bookkeeping cannot send twice.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').references(() => sites.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    toEmail: text('to_email').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    /** JSON object of extra headers (List-Unsubscribe …). */
    headers: text('headers').notNull().default('{}'),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** While a drain holds the row: rows claimed by a drain that died are taken again after this. */
    leaseUntil: integer('lease_until').notNull().default(0),
    providerId: text('provider_id'),
    lastError: text('last_error'),
    broadcastId: text('broadcast_id'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    deliveredAt: integer('delivered_at'),
  },
  (t) => [
    // The drain takes due rows in (next_attempt_at, id) order straight off this index; ordering
    // by anything else would sort every queued row (a whole newsletter) for each batch.
    index('outbox_due_order_idx').on(t.status, t.nextAttemptAt, t.id),
    index('outbox_broadcast_idx').on(t.broadcastId, t.status),
    index('outbox_provider_idx').on(t.providerId),
    index('outbox_created_idx').on(t.createdAt),
  ],
);

export const broadcasts = sqliteTable(
  'broadcasts',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    bodySource: text('body_source').notNull(),
    status: text('status', { enum: ['draft', 'sending', 'sent'] }).notNull().default('draft'),
    createdBy: text('created_by').references(() => editors.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    recipients: integer('recipients').notNull().default(0),
  },
  (t) => [index('broadcasts_site_idx').on(t.siteId, t.createdAt)],
);

export const IDENTITY_KINDS = ['email', 'sso'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/**
 * A signed-in reader of one site: verified by a magic link (`email`, subject = the lower-cased
 * address) or vouched for by the publisher's server (`sso`, subject = the publisher's user id).
 */
export const identities = sqliteTable(
  'identities',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: IDENTITY_KINDS }).notNull(),
    subject: text('subject').notNull(),
    /** Lower-cased; the address notifications go to. Never shown to other readers. */
    email: text('email'),
    /** Null for an email identity until its reader gives a name (with the link, or a comment). */
    name: text('name'),
    /** SSO only; http/https URLs only. */
    avatarUrl: text('avatar_url'),
    createdAt: integer('created_at').notNull(),
    /** The last sign-in (not every request: reading the token must not cost a write). */
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [uniqueIndex('identities_site_kind_subject_uq').on(t.siteId, t.kind, t.subject), index('identities_site_email_idx').on(t.siteId, t.email)],
);

/**
 * A signed-in reader's bearer token. Only its SHA-256 is stored, so a leaked table signs nobody
 * in; deleting the row revokes it (sign-out).
 */
export const readerSessions = sqliteTable(
  'reader_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    identityId: text('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('reader_sessions_identity_idx').on(t.identityId), index('reader_sessions_expires_idx').on(t.expiresAt)],
);

/**
 * A sign-in link mailed to a reader: single use (used_at is set by the one request that spends
 * it) and short-lived. Only the token's SHA-256 is stored.
 */
export const magicLinks = sqliteTable(
  'magic_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** The name the reader gave when asking, used if their identity has none yet. */
    name: text('name'),
    returnUrl: text('return_url').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('magic_links_expires_idx').on(t.expiresAt)],
);

export const IMPORT_SOURCES = ['disqus', 'wordpress'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/**
 * Where an imported comment came from: the source system and its id there. The primary key is
 * what makes an import idempotent (a second run of the same file finds every comment already
 * here), and the external parent id lets replies be linked after the whole file is read, since
 * exports list a reply before its parent as often as after.
 */
export const importedComments = sqliteTable(
  'imported_comments',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    source: text('source', { enum: IMPORT_SOURCES }).notNull(),
    externalId: text('external_id').notNull(),
    commentId: text('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    /** The source's id of the comment this one answers; null for a top-level comment. */
    externalParentId: text('external_parent_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.source, t.externalId] }), index('imported_comments_comment_idx').on(t.commentId)],
);

/**
 * Disqus posts met before the thread they belong to, parked during one import run until the
 * thread (and so the page) is known, so the importer never holds such posts in memory.
 * Rows live only while their run does.
 */
export const importPending = sqliteTable(
  'import_pending',
  {
    runId: text('run_id').notNull(),
    seq: integer('seq').notNull(),
    /** The source's id of the thread the post belongs to. */
    threadRef: text('thread_ref').notNull(),
    /** The post as the importer parsed it (JSON). */
    payload: text('payload').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** What an outgoing webhook endpoint can be told about (README: Outgoing webhooks). */
export const WEBHOOK_EVENTS = [
  'comment.created',
  'comment.published',
  'comment.flagged',
  'comment.removed',
  'subscriber.confirmed',
  'subscriber.unsubscribed',
  'broadcast.sent',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** standard: the Standard Webhooks JSON payload; slack: a `{ "text": … }` message for an incoming-webhook URL. */
export const WEBHOOK_FORMATS = ['standard', 'slack'] as const;
export const WEBHOOK_DELIVERY_STATUSES = ['queued', 'delivered', 'failed'] as const;

/** A URL a site's owner registered to be told about events of that site. */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** JSON array of the WEBHOOK_EVENTS this endpoint wants. */
    events: text('events').notNull(),
    format: text('format', { enum: WEBHOOK_FORMATS }).notNull().default('standard'),
    /** The Standard Webhooks signing secret (whsec_…): shown to the owner once, kept to sign. */
    secret: text('secret').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Why it was turned off automatically (repeated failure); null when an owner turned it off or it is on. */
    disabledReason: text('disabled_reason'),
    /** Failed attempts since the last successful one; a success resets it. */
    failureStreak: integer('failure_streak').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('webhook_endpoints_site_idx').on(t.siteId)],
);

/** One event for one endpoint: the webhook outbox, drained like the email outbox, and its delivery log. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    /** Also the `webhook-id` header: the same on every retry, so receivers can drop duplicates. */
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    /** The JSON body in the standard format ({ type, timestamp, data }). */
    payload: text('payload').notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** While a drain holds the row: rows claimed by a drain that died are taken again after this. */
    leaseUntil: integer('lease_until').notNull().default(0),
    /** The HTTP status of the last attempt; null when no answer came (network error, timeout, refused address). */
    responseStatus: integer('response_status'),
    /** The first bytes of the last answer's body, for the delivery log. */
    responseSnippet: text('response_snippet'),
    lastError: text('last_error'),
    lastAttemptAt: integer('last_attempt_at'),
    createdAt: integer('created_at').notNull(),
    deliveredAt: integer('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt, t.id),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
  ],
);

/**
 * The overview's rollups (server/features/stats), kept in step with their base tables by database
 * triggers (migration `stats_counter_triggers`), so no write path can forget them and a view never
 * scans the comments. `bucket` is the start (ms) of a 15-minute UTC slot, so days can be cut in
 * any time zone (including +5:30 and +5:45 ones); `subject` is a page, editor, broadcast or
 * latency bin id, '' when the metric has none. Every counter is a pure function of the base
 * tables' current rows, which is what lets `rebuildStats` recompute exactly the same numbers.
 */
export const statsCounters = sqliteTable(
  'stats_counters',
  {
    siteId: text('site_id').notNull(),
    metric: text('metric').notNull(),
    bucket: integer('bucket').notNull(),
    subject: text('subject').notNull().default(''),
    value: integer('value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.metric, t.bucket, t.subject] })],
);

export const EMAIL_EVENT_TYPES = ['sent', 'delivered', 'bounced', 'complained', 'opened', 'clicked'] as const;
export type EmailEventType = (typeof EMAIL_EVENT_TYPES)[number];

/**
 * What happened to each outgoing message, once per kind: `sent` when the outbox hands it to the
 * provider (a trigger), the rest from Resend's webhook events. The primary key makes a repeated or
 * replayed event count once. Site and broadcast are copied from the outbox row so the counts
 * outlive it.
 */
export const emailEvents = sqliteTable(
  'email_events',
  {
    messageId: text('message_id').notNull(),
    type: text('type', { enum: EMAIL_EVENT_TYPES }).notNull(),
    siteId: text('site_id'),
    broadcastId: text('broadcast_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.type] }), index('email_events_broadcast_idx').on(t.broadcastId, t.type)],
);
