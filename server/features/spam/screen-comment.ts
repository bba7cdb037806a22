import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { hashingOf } from '../../hashing.ts';
import { recordRefusal } from './attack-level.ts';
import { assessContent, duplicateFingerprint } from './content-checks.ts';
import { runCheckers } from './spam-checker.ts';
import { hasRecentDuplicate } from './duplicates.repo.ts';
import { defencesOn } from './spam-gate.ts';

/** The site a comment is written on, as the request context carries it. */
type Site = AppEnv['Variables']['site'];

export interface Screening {
  /** Reasons to hold the comment for review (empty: nothing here holds it). */
  held: string[];
  /** Straight to the Spam queue: the score reached the site's spam score. */
  spam: boolean;
  spamScore: number;
  spamReasons: string[];
  /** Stored so later copies of this text are recognised. */
  bodyHash: string | undefined;
}

const HOUR_MS = 3_600_000;

/**
 * The content checks of a comment being written (posted now; edited, later): a recent duplicate
 * anywhere on the site is refused, too many links hold it, and the spam score of the heuristics
 * plus any configured checker (Akismet) holds it or sends it to Spam.
 */
export async function screenComment(c: Context<AppEnv>, site: Site, comment: { authorName: string; authorEmail: string | undefined; body: string; pageUrl: string | undefined }, at: number): Promise<Screening> {
  const fingerprint = duplicateFingerprint(comment.body);
  const bodyHash = fingerprint ? await hashingOf(c.var.deps).sha256Hex(`${site.id}\n${fingerprint}`) : undefined;
  const settings = site.settings.spam;
  if (!defencesOn(c, settings)) return { held: [], spam: false, spamScore: 0, spamReasons: [], bodyHash };

  const { db, secret } = c.var.deps;
  const ip = c.var.deps.clientIp(c);
  if (bodyHash && settings.duplicateHours > 0 && (await hasRecentDuplicate(db, site.id, bodyHash, at - settings.duplicateHours * HOUR_MS))) {
    await recordRefusal(db, { secret, scope: site.id, ip, now: at });
    throw new AppError('duplicate_comment', 'This comment repeats one posted here recently.', { body: 'This repeats a comment posted here recently.' });
  }

  const content = assessContent(comment.authorName, comment.body);
  const external = await runCheckers(c.var.deps.spamCheckers ?? [], {
    siteId: site.id,
    ...comment,
    ip,
    userAgent: c.req.header('User-Agent'),
    referrer: c.req.header('Referer'),
  });
  if (external.discard) {
    await recordRefusal(db, { secret, scope: site.id, ip, now: at });
    throw new AppError('submission_refused', 'We could not accept this. Please reload the page and try again.');
  }
  const spamScore = content.score + external.score;
  const spamReasons = [...content.reasons, ...external.reasons];
  const held: string[] = [];
  if (content.links > settings.maxLinks) held.push(`${content.links} links (more than ${settings.maxLinks})`);
  const spam = spamScore >= settings.spamScore;
  if (!spam && spamScore >= settings.holdScore) held.push(`Spam score ${spamScore}`);
  return { held, spam, spamScore, spamReasons, bodyHash };
}
