import type { SpamChecker, SpamCheckInput, SpamVerdict } from './spam-checker.ts';

export interface AkismetOptions {
  key: string;
  /** https://rest.akismet.com by default; tests point it at a loopback fake. */
  endpoint: string;
  /** The site Akismet knows the key for (the public URL of this server or of the publisher). */
  blog: string;
  timeoutMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** What an Akismet "spam" answer adds to the score: enough to go straight to the Spam queue. */
const AKISMET_SPAM_SCORE = 10;

/**
 * Akismet's comment-check (https://akismet.com/developers/detailed-docs/comment-check/). Optional:
 * it is used only when AKISMET_KEY is set, and it sends the commenter's address and text to
 * Akismet, which the publisher's privacy notice must say.
 */
export function akismetChecker(options: AkismetOptions): SpamChecker {
  const url = `${options.endpoint.replace(/\/$/, '')}/1.1/comment-check`;
  return {
    name: 'akismet',
    async check(input: SpamCheckInput): Promise<SpamVerdict> {
      const form = new URLSearchParams({
        api_key: options.key,
        blog: options.blog,
        user_ip: input.ip ?? '',
        user_agent: input.userAgent ?? '',
        referrer: input.referrer ?? '',
        comment_type: 'comment',
        comment_author: input.authorName,
        comment_content: input.body,
      });
      if (input.authorEmail) form.set('comment_author_email', input.authorEmail);
      if (input.pageUrl) form.set('permalink', input.pageUrl);
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: form,
          signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
        });
        const answer = (await res.text()).trim();
        if (answer === 'true') {
          // "discard" is Akismet's word for blatant spam that nobody needs to review.
          const discard = res.headers.get('X-akismet-pro-tip') === 'discard';
          return { score: AKISMET_SPAM_SCORE, reasons: ['Akismet: spam'], discard };
        }
        if (answer === 'false') return { score: 0, reasons: [] };
        options.log?.(`akismet answered ${res.status}: ${res.headers.get('X-akismet-debug-help') ?? answer.slice(0, 200)}`);
      } catch (err) {
        options.log?.('akismet unreachable', err);
      }
      return { score: 0, reasons: ['Akismet did not answer'] };
    },
  };
}

/** The extra checkers configuration asks for: Akismet when AKISMET_KEY is set, else none. */
export function spamCheckersFor(config: { akismetKey: string | undefined; akismetEndpoint: string; publicUrl: string }, log: AkismetOptions['log']): SpamChecker[] {
  return config.akismetKey ? [akismetChecker({ key: config.akismetKey, endpoint: config.akismetEndpoint, blog: config.publicUrl, log })] : [];
}
