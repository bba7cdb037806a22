/**
 * The shapes of the admin API, taken from the server's route definitions through the typed
 * client (never written by hand, so they cannot drift from what the server answers). Type-only:
 * nothing here reaches the bundle.
 */
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { BanKind, CommentStatus, EditorRole, ModerationMode, OutboxStatus, SubscriptionStatus, SubscriptionTopic } from '../../../db/schema.ts';
import type { api } from './client.ts';

export type { BanKind, CommentStatus, ModerationMode, SubscriptionStatus, SubscriptionTopic };
export type Role = EditorRole;

type Api = typeof api;
type BySite = Api['sites'][':site'];

/** Who is signed in, and the CSRF token of their session (sign-in and GET /session). */
export type SessionInfo = InferResponseType<Api['session']['$get']>;
/** The signed-in editor (createdAt in milliseconds, as the session routes answer). */
export type Editor = SessionInfo['editor'];
/** An editor as the editors list shows them (createdAt as an ISO string). */
export type ListedEditor = InferResponseType<Api['editors']['$get']>['editors'][number];

/** One site's email alerts of the signed-in editor (Account page), and what saving sends. */
export type SiteAlerts = InferResponseType<Api['account']['alerts']['$get']>['sites'][number];
export type AlertChoice = InferRequestType<Api['account']['alerts']['$put']>['json']['sites'][number];

export type Site = InferResponseType<BySite['$get']>['site'];
export type SitePatch = InferRequestType<BySite['$patch']>['json'];
export type SpamSettings = Site['spam'];
export type RateLimitName = keyof SpamSettings['rateLimits'];
export type BanAction = Site['banAction'];
/** What happens to a comment that fails the bot checks (sign-ups, reports and sign-in are always refused). */
export type FailAction = SpamSettings['failAction'];

export type QueuePage = InferResponseType<BySite['comments']['$get']>;
export type QueueComment = QueuePage['comments'][number];
/** The queues the dashboard shows as tabs (the API has more). */
export type QueueName = Extract<InferRequestType<BySite['comments']['$get']>['query']['status'], 'pending' | 'flagged' | 'spam' | 'all'>;
export type AuthorHistory = NonNullable<QueueComment['author']>;
export type FlagSummary = NonNullable<QueueComment['flags']>;
export type FlagReason = keyof FlagSummary['reasons'];
export type Counts = InferResponseType<BySite['counts']['$get']>['counts'];
export type CommentAction = InferRequestType<Api['comments'][':id']['actions']['$post']>['json']['action'];

export type Ban = InferResponseType<BySite['bans']['$get']>['bans'][number];
export type NewBan = InferRequestType<BySite['bans']['$post']>['json'];

export type AuditPage = InferResponseType<BySite['audit']['$get']>;
export type AuditEntry = AuditPage['entries'][number];

export type Broadcast = InferResponseType<Api['broadcasts'][':id']['$get']>['broadcast'];
export type BroadcastCounts = Broadcast['counts'];

export type Subscriber = InferResponseType<BySite['subscribers']['$get']>['subscribers'][number];
/** The status filter of the subscribers list: a subscription's status, or a blocked subscriber. */
export type SubscriberFilter = NonNullable<InferRequestType<BySite['subscribers']['$get']>['query']['status']>;
export type ImportReport = InferResponseType<BySite['subscribers']['import']['$post']>;

export type MailMessage = InferResponseType<BySite['mailbox']['$get']>['messages'][number];
export type MailStatus = OutboxStatus;

/** Everything stored about one email address (POST /privacy/find and /privacy/export). */
export type PersonalData = InferResponseType<Api['privacy']['find']['$post']>;
export type EraseReport = InferResponseType<Api['privacy']['erase']['$post']>['erased'];
/** What a Disqus or WordPress import did, or in a dry run would do. */
export type CommentImportSummary = InferResponseType<BySite['imports']['$post']>['summary'];

/** A site's outgoing webhooks as the list answers them (never a secret). */
export type WebhookList = InferResponseType<BySite['webhooks']['$get']>;
export type WebhookEndpoint = WebhookList['endpoints'][number];
export type WebhookEvent = WebhookList['events'][number];
export type NewWebhook = InferRequestType<BySite['webhooks']['$post']>['json'];
export type WebhookPatch = InferRequestType<BySite['webhooks'][':id']['$patch']>['json'];
/** One delivery of the log: an event for one endpoint, its attempts and the last answer. */
export type WebhookDelivery = InferResponseType<BySite['webhooks'][':id']['deliveries']['$get']>['deliveries'][number];

/** The Overview's numbers: GET /sites/:site/stats (server/features/stats). */
export type SiteStats = InferResponseType<BySite['stats']['$get'], 200>;
