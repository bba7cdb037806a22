/** What a spam checker sees of a comment about to be stored. */
export interface SpamCheckInput {
  siteId: string;
  authorName: string;
  authorEmail: string | undefined;
  body: string;
  pageUrl: string | undefined;
  /** The request's client address, user agent and referrer; used in the moment, never stored. */
  ip: string | undefined;
  userAgent: string | undefined;
  referrer: string | undefined;
}

export interface SpamVerdict {
  /** Added to the comment's spam score. */
  score: number;
  /** Short reasons an editor reads in the queue. */
  reasons: string[];
  /** The checker is sure enough that the comment should not be stored at all. */
  discard?: boolean;
}

/**
 * A spam checker the comment pipeline runs after the built-in heuristics. A checker that fails
 * (network, quota) answers a reason and no score: spam checks never stop a comment on their own.
 */
export interface SpamChecker {
  name: string;
  check(input: SpamCheckInput): Promise<SpamVerdict>;
}

/** Runs every checker and adds up their verdicts. */
export async function runCheckers(checkers: SpamChecker[], input: SpamCheckInput): Promise<SpamVerdict> {
  const verdicts = await Promise.all(checkers.map((checker) => checker.check(input)));
  return {
    score: verdicts.reduce((sum, v) => sum + v.score, 0),
    reasons: verdicts.flatMap((v) => v.reasons),
    discard: verdicts.some((v) => v.discard),
  };
}
