import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Locales are plain JSON data shaped by English (widget/src/locales/strings.ts): every one must
 * have exactly English's keys, each counted string its `one`/`other` forms (or one string where the
 * language has a single form for every count), and each string the
 * placeholders English fills in (a missing `{n}` would drop the number from "3 new comments").
 */
const ROOT = resolve(import.meta.dirname, '../../../widget/src');
type Locale = Record<string, string | { one: string; other: string }>;
const read = (dir: string, code: string): Locale => JSON.parse(readFileSync(resolve(ROOT, dir, `${code}.json`), 'utf8')) as Locale;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const CODES = readdirSync(resolve(ROOT, 'locales'))
  .map((f) => /^([a-z]{2})\.json$/.exec(f)?.[1])
  .filter((c): c is string => c !== undefined);

describe('widget locales', () => {
  it('ships the eight locales the README promises, each with both halves', () => {
    expect(CODES.sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'ja', 'pt', 'zh']);
    expect(readdirSync(resolve(ROOT, 'locales-on-demand')).filter((f) => f.endsWith('.json')).sort()).toEqual(CODES.map((c) => `${c}.json`));
  });

  for (const dir of ['locales', 'locales-on-demand']) {
    const en = read(dir, 'en');
    for (const code of CODES.filter((c) => c !== 'en')) {
      it(`${dir}/${code}.json has exactly English's keys, forms and placeholders`, () => {
        const other = read(dir, code);
        expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
        for (const [key, value] of Object.entries(en)) {
          const theirs = other[key]!;
          if (typeof value === 'string') {
            expect(typeof theirs, key).toBe('string');
            expect(placeholders(theirs as string), key).toEqual(placeholders(value));
            expect((theirs as string).trim(), key).not.toBe('');
          } else if (typeof theirs === 'string') {
            // One string for every count only where the language has one form for every count.
            expect(new Intl.PluralRules(code).resolvedOptions().pluralCategories, key).toEqual(['other']);
            expect(placeholders(theirs), key).toEqual(placeholders(value.other));
          } else {
            expect(Object.keys(theirs).sort(), key).toEqual(['one', 'other']);
            // Some languages say "one" without the digit ("تعليق جديد واحد"); "other" always shows it.
            expect(placeholders((theirs as { other: string }).other), key).toEqual(placeholders(value.other));
          }
        }
      });
    }
  }
});
