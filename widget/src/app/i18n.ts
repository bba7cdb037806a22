import type { LaterStrings, Strings } from '../locales/strings.ts';

let strings: Strings & Partial<LaterStrings>;
let later: Promise<unknown> | undefined;
let laterUrl = '';
let code = 'en';
let plurals: Intl.PluralRules;

/** Languages written right to left among the shipped locales. */
const RTL = ['ar'];

/**
 * Loads the one locale the page asked for, from the module the loader named (it has already asked
 * the browser to preload it beside the app, so this is not a second trip).
 */
export async function loadLocale(lang: string, urls: [string, string]): Promise<void> {
  strings ??= (await import(/* @vite-ignore */ urls[0])).default as Strings;
  laterUrl = urls[1];
  code = lang;
  plurals = new Intl.PluralRules(lang);
}

/** The strings of the parts opened on demand; awaited by each before it first renders. */
export function loadLaterStrings(): Promise<unknown> {
  return (later ??= import(/* @vite-ignore */ laterUrl).then((m: { default: LaterStrings }) => Object.assign(strings, m.default)));
}

type StringKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings] | keyof LaterStrings;
type PluralKey = Exclude<keyof Strings, StringKey>;

/** A string with `{name}` placeholders filled in. */
export function t(key: StringKey, values: Record<string, string | number> = {}): string {
  // A string of the on-demand half asked for before it arrived reads empty rather than failing.
  return ((strings[key] as string | undefined) ?? '').replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The locale in use, for Intl formatting. */
export const lang = () => code;
export const dir = () => (RTL.includes(code) ? 'rtl' : 'ltr');

/** A counted string, e.g. "1 comment" / "12 comments". */
export function tn(key: PluralKey, n: number): string {
  const forms = strings[key];
  return (typeof forms === 'string' ? forms : plurals.select(n) === 'one' ? forms.one : forms.other).replace('{n}', n.toLocaleString(code));
}
