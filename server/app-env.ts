import type { Context } from 'hono';
import type { AppDb } from '../db/client.ts';
import type { Hashing } from './hashing.ts';
import type { SharedCache } from './shared-cache.ts';
import type { AppMetrics, CommentOutcome, Logger } from './http/observability.ts';
import type { PasswordCost, Session } from './features/editors/index.ts';
import type { WebhookTransport } from './features/outgoing-webhooks/index.ts';
import type { Site } from './features/sites/index.ts';
import type { SpamChecker } from './features/spam/index.ts';

/** What createApp needs from the runtime; each entry (Node, Worker) builds these. */
export interface AppDeps {
  db: AppDb;
  /** Milliseconds since the epoch; tests pass a fixed or stepping clock. */
  now(): number;
  /** The origin readers reach this server at (no trailing slash). */
  publicUrl: string;
  /** Key for hashing IP addresses and signing tokens. */
  secret: string;
  /** HMAC and SHA-256 for the request path; WebCrypto when absent (server/hashing.ts). */
  hashing?: Hashing;
  /**
   * The work per editor password hash; the strong PASSWORD_COST when absent, as in production.
   * Only tests pass a cheaper one, so that signing editors in does not dominate their run time.
   */
  passwordCost?: PasswordCost;
  /** The client's IP address as the runtime sees it, or undefined when unknown. */
  clientIp(c: Context): string | undefined;
  /** Resend's webhook signing secret (whsec_…); without it /webhooks/resend answers 404. */
  webhookSecret?: string | undefined;
  /**
   * The spam defences (form token, honeypot, proof of work, rate limits of public writes, content
   * checks); false only for trusted server-side clients and tests (SPAM_DEFENCES=off). Default on.
   */
  spamDefences?: boolean;
  /** Extra checkers a comment goes through besides the built-in content heuristics (e.g. Akismet). */
  spamCheckers?: SpamChecker[];
  /** Bytes the public listing cache may hold per database (LISTING_CACHE_MB); default 32 MB. */
  listingCacheBytes?: number;
  /**
   * A cache shared across isolates (Workers: the Cache API), where hot public reads keep their
   * site, page row and answers keyed by the page's version, so they cost no database query
   * (server/shared-cache.ts). Absent on Node.
   */
  sharedCache?: SharedCache;
  /**
   * Told when a write found the database locked by another process (answered 503 busy), so the
   * runtime can stop waiting for that lock for a moment (Node: db/open-sqlite.ts).
   */
  databaseBusy?(): void;
  /**
   * Whether mail goes out through a real provider ('provider', the default) or only lands in the
   * development mailbox ('mailbox', no RESEND_API_KEY). The mailbox shows live links only in the latter.
   */
  mailDelivery?: 'provider' | 'mailbox';
  /**
   * Reads the request's body as text from the runtime's own request object, when that is cheaper
   * than \`c.req.text()\` (Node: server/entry/node-body.ts); undefined means use \`c.req.text()\`.
   * Rejects with payload_too_large past maxBytes.
   */
  readBodyText?(c: Context, maxBytes: number): Promise<string> | undefined;
  /**
   * How outgoing webhooks reach receivers (WEBHOOKS_ALLOW_PRIVATE, Node's DNS lookup); absent,
   * only public https URLs are accepted and literal addresses checked.
   */
  webhooks?: WebhookTransport;
  /** Where unexpected errors are reported. */
  log(message: string, error?: unknown): void;
  /** Structured logs: one line per request, and errors with their request id. */
  logger?: Logger;
  /** Counters and timings for /metrics (Node); absent, nothing is counted. */
  metrics?: AppMetrics;
  /** Take X-Request-Id from the reverse proxy (TRUST_PROXY); otherwise every id is made here. */
  trustRequestId?: boolean;
  /** The runtime's own readiness check of its storage (Node: the database file); 'undefined' is fine. */
  checkStorage?(): Promise<string | undefined>;
}

/** Hono's typing of the context: the dependencies and what middleware puts on it. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    site: Site;
    /**
     * On a public read whose site is kept in the shared cache: the generation its pages' rows are
     * kept under, new whenever the site is loaded afresh (after any write; server/shared-cache.ts).
     */
    sharedGeneration?: string;
    /** The signed-in editor's session, on /api/v1/admin routes that require one. */
    session: Session;
    /** This request's id, answered in X-Request-Id and written in its log lines. */
    requestId: string;
    /**
     * Set by the comment post route once the comment is stored, for the metrics: reading the
     * status back from the answer meant cloning and parsing it, which on Node turned the light
     * answer object into a stream (about a tenth of a post's CPU time).
     */
    commentOutcome?: CommentOutcome;
    /** The request's JSON body once parsed (server/http/json-body.ts), boxed: \`null\` is a value. */
    jsonBody?: { value: unknown };
  };
}
