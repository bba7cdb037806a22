/**
 * Word-list matching that survives the usual evasions: case, accents, repeated letters
 * ("stuuupid"), separators ("s.t.u.p.i.d", "s t u p i d") and look-alike digits ("stup1d"),
 * while respecting word boundaries ("ass" does not match "class" or "assess").
 */

const LOOKALIKES: Record<string, string> = { '0': 'o', '1': 'i', '!': 'i', '3': 'e', '4': 'a', '@': 'a', '5': 's', $: 's', '7': 't', '8': 'b', '9': 'g' };

/** Lower-cases, strips accents and maps look-alike characters to the letters they stand for. */
export function normalizeForMatching(text: string): string {
  const lowered = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  // Look-alikes only count inside words that have letters ("a$$", "1d10t"), so "4 people" stays
  // a number; trailing punctuation ("ass!") stays punctuation.
  return lowered.replace(/\S+/g, (token) => {
    if (!/\p{L}/u.test(token)) return token;
    const [, core = '', tail = ''] = /^(.*?)([!?.,;:]*)$/su.exec(token) ?? [];
    return core.replace(/[013@4!578$9]/g, (ch) => LOOKALIKES[ch] ?? ch) + tail;
  });
}

const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Up to three separator characters may stand between the letters of a listed word. */
const SEP = '[^\\p{L}\\p{N}]{0,3}';

// Compiling a Unicode pattern costs far more than running it; lists change rarely.
const compiled = new Map<string, RegExp | undefined>();

function patternFor(word: string): RegExp | undefined {
  let pattern = compiled.get(word);
  if (pattern === undefined && !compiled.has(word)) {
    if (compiled.size > 5000) compiled.clear();
    compiled.set(word, (pattern = compilePattern(word)));
  }
  return pattern;
}

function compilePattern(word: string): RegExp | undefined {
  const letters = [...normalizeForMatching(word).replace(/[^\p{L}\p{N}]+/gu, '')];
  if (letters.length === 0) return undefined;
  const body = letters.map((ch) => `${escape(ch)}+`).join(SEP);
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
}

/** The listed words found in `text` (as listed), in list order. */
export function matchWords(text: string, words: readonly string[]): string[] {
  if (words.length === 0) return [];
  const normalized = normalizeForMatching(text);
  return words.filter((word) => patternFor(word)?.test(normalized));
}
