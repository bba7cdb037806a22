/**
 * The shape of a locale, taken from English. Each locale is plain data: `<code>.json` here holds the
 * strings of the first render (the comments and the newsletter form), and
 * `../locales-on-demand/<code>.json` those of the parts opened later (report, edit, sign-in).
 * `{name}` is replaced; counted strings have `one`/`other` forms, or are one string in a language
 * whose numbers have a single form (Japanese, Chinese: Intl.PluralRules answers only "other").
 * test/unit/platform/locales.test.ts checks that every locale has exactly English's keys and
 * placeholders.
 */
import type en from './en.json';
import type enLater from '../locales-on-demand/en.json';

export type Strings = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : { one: string; other: string } | string };
export type LaterStrings = { [K in keyof typeof enLater]: string };
