import { linksIn } from '../../markdown.ts';
import { matchWords } from './word-lists.ts';
import type { SpamVerdict } from './spam-checker.ts';

/**
 * Phrases that are almost only ever in comment spam. Matched with the word-list matcher, so the
 * usual disguises ("c.a.s.i.n.o", "v1agra") match too.
 */
const SPAM_PHRASES = [
  'viagra', 'cialis', 'casino', 'online casino', 'poker online', 'slot online', 'payday loan', 'payday loans',
  'loan offer', 'forex signals', 'binary options', 'crypto recovery', 'recover your crypto', 'bitcoin doubler',
  'work from home', 'make money online', 'earn money online', 'earn $', 'click here', 'buy now', 'buy followers',
  'cheap pills', 'seo services', 'backlinks', 'escort', 'escorts', 'weight loss pills', 'replica watches',
  'hack any account', 'spell caster', 'essay writing service',
];

const SHORTENERS = /^https?:\/\/(?:www\.)?(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly|cutt\.ly|rb\.gy|shorturl\.at|t\.ly|tiny\.cc)\//i;
/** Zero-width and invisible characters are how spam hides words from filters. */
const INVISIBLE = /[\u200b-\u200d\u2060\u2061-\u2064\ufeff\u00ad]/;
const CONTACT_BAIT = /\b(?:whats\s?app|telegram|wechat|signal)\b[^\n]{0,40}(?:\+?\d[\d\s().-]{7,}|@\w{3,})/i;

/**
 * How many times over a comment says the same thing: its words divided by its distinct runs of
 * three words. Ordinary writing, even a poem with a refrain, stays near 1; one phrase pasted
 * hundreds of times (a flood that beats a length limit's purpose) scores in the hundreds.
 * Short texts answer 1: there is too little to tell.
 */
export function repetition(body: string): number {
  const words = body.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < 40) return 1;
  const runs = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) runs.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return words.length / runs.size;
}

export interface ContentAssessment extends SpamVerdict {
  links: number;
}

/**
 * Scores a comment by what spam tends to look like. Each sign adds a little; only several together
 * reach the site's hold score, because each alone is also something people do.
 */
export function assessContent(authorName: string, body: string): ContentAssessment {
  const reasons: string[] = [];
  let score = 0;
  const add = (points: number, reason: string) => {
    score += points;
    reasons.push(reason);
  };

  const links = linksIn(body);
  const letters = body.match(/\p{L}/gu) ?? [];
  const capitals = body.match(/\p{Lu}/gu) ?? [];
  if (letters.length >= 20 && capitals.length / letters.length > 0.7) add(2, 'Mostly capital letters');
  if (/(\S)\1{7,}/u.test(body)) add(2, 'Repeated characters');
  if (/\b(\p{L}{2,})(?:\s+\1\b){3,}/iu.test(body)) add(2, 'Repeated words');
  // A phrase said twenty times over is a flood whatever it says; five times is worth a look.
  const repeated = repetition(body);
  if (repeated >= 20) add(10, 'Repeated phrase');
  else if (repeated >= 5) add(4, 'Repeated phrase');
  if (INVISIBLE.test(body) || INVISIBLE.test(authorName)) add(2, 'Invisible characters');
  const phrases = matchWords(`${authorName}\n${body}`, SPAM_PHRASES);
  if (phrases.length > 0) add(Math.min(3 * phrases.length, 9), `Spam phrases: ${phrases.join(', ')}`);
  if (linksIn(authorName).length > 0) add(4, 'Link in the name');
  if (links.some((url) => SHORTENERS.test(url))) add(2, 'Shortened link');
  if (links.length > 0) {
    const withoutLinks = links.reduce((text, url) => text.split(url.replace(/^https?:\/\//, '')).join(''), body).replace(/https?:\/\//g, '');
    if (withoutLinks.replace(/[^\p{L}\p{N}]/gu, '').length < 20) add(2, 'Little but links');
  }
  if (CONTACT_BAIT.test(body)) add(3, 'Messenger contact');
  return { score, reasons, links: links.length };
}

/**
 * The text a duplicate is recognised by: case, accents, spacing, punctuation and invisible
 * characters do not make a copy new. Short comments ("Thanks!", "Great piece") are said by many
 * people and are never treated as duplicates (undefined).
 */
export function duplicateFingerprint(body: string): string | undefined {
  const text = body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return text.length >= 30 || linksIn(body).length > 0 ? text : undefined;
}
