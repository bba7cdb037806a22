import type { AppDb } from '../../../db/client.ts';
import { sha256Hex, verifyToken } from '../../crypto.ts';
import { SIGN_IN_FRAGMENT } from '../readers/index.ts';
import { signInLinkStates, subscriptionStatuses } from './mailbox.repo.ts';

/** What stands in for a token the mailbox will not show. */
export const REDACTED = 'redacted';

/**
 * Every token a mail can carry: a reader's sign-in (in the link's fragment) and the newsletter's
 * confirm, unsubscribe and manage links. Tokens are base64url, with a dot in the signed ones.
 */
const TOKEN_PATTERN = new RegExp(`(#${SIGN_IN_FRAGMENT}=|/newsletter/(?:confirm|unsubscribe|manage)/)([A-Za-z0-9_.-]+)`, 'g');

export interface RedactionContext {
  db: AppDb;
  secret: string;
  now: number;
  /** Mail really goes out through a provider: the mailbox is a log then, never a way in. */
  provider: boolean;
}

/**
 * The mailbox shows what was sent, but a link in it is a key to a reader's account or
 * subscriptions: whoever reads the mailbox could sign in as the reader or unsubscribe them. So
 * once a real provider delivers the mail, every token is redacted; in the development mailbox
 * (no provider: the mailbox is how a developer receives mail) a token shows only while it still
 * works, and is redacted once used or expired.
 */
export async function redactMailTokens<M extends { text: string; html: string }>(messages: M[], r: RedactionContext): Promise<M[]> {
  const tokens = new Set<string>();
  for (const m of messages) for (const match of `${m.text}\n${m.html}`.matchAll(TOKEN_PATTERN)) tokens.add(`${match[1]}${match[2]}`);
  const live = r.provider ? new Set<string>() : await liveTokens([...tokens], r);
  const redact = (s: string) => s.replace(TOKEN_PATTERN, (all, prefix: string, token: string) => (live.has(`${prefix}${token}`) ? all : `${prefix}${REDACTED}`));
  return messages.map((m) => ({ ...m, text: redact(m.text), html: redact(m.html) }));
}

/** Which of `found` (prefix + token) can still be used. */
async function liveTokens(found: string[], r: RedactionContext): Promise<Set<string>> {
  const live = new Set<string>();
  const signIns = new Map<string, string>();
  const awaiting = new Map<string, { ids: string[]; wanted: 'unconfirmed' | 'unsubscribable' }>();
  for (const item of found) {
    const [prefix, token] = splitPrefix(item);
    if (prefix.startsWith('#')) {
      signIns.set(await sha256Hex(token), item);
      continue;
    }
    const purpose = prefix.split('/')[2]!;
    const claims = await verifyToken(r.secret, token, purpose, r.now);
    if (!claims) continue;
    if (purpose === 'manage') live.add(item);
    else awaiting.set(item, { ids: claims.d ?? [], wanted: purpose === 'confirm' ? 'unconfirmed' : 'unsubscribable' });
  }
  if (signIns.size) {
    const rows = await signInLinkStates(r.db, [...signIns.keys()]);
    for (const row of rows) if (row.usedAt === null && row.expiresAt > r.now) live.add(signIns.get(row.tokenHash)!);
  }
  const ids = [...new Set([...awaiting.values()].flatMap((a) => a.ids))];
  if (ids.length) {
    const rows = await subscriptionStatuses(r.db, ids.slice(0, 500));
    const status = new Map(rows.map((row) => [row.id, row.status]));
    for (const [item, a] of awaiting) {
      // A confirm link is used once nothing it confirms still waits; an unsubscribe link once its
      // subscription has ended.
      const open = a.ids.some((id) => (a.wanted === 'unconfirmed' ? status.get(id) === 'unconfirmed' : status.has(id) && status.get(id) !== 'unsubscribed'));
      if (open) live.add(item);
    }
  }
  return live;
}

/** "#parley-signin=TOKEN" or "/newsletter/confirm/TOKEN" into the prefix and the token. */
function splitPrefix(item: string): [string, string] {
  const at = item.startsWith('#') ? item.indexOf('=') + 1 : item.lastIndexOf('/') + 1;
  return [item.slice(0, at), item.slice(at)];
}
