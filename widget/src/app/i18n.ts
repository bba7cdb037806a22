import en, { type Strings } from '../locales/en.ts';

/** The strings in use; one locale today, the table shape ready for more. */
const strings: Strings = en;
const plurals = new Intl.PluralRules('en');

type StringKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings];
type PluralKey = Exclude<keyof Strings, StringKey>;

/** A string with `{name}` placeholders filled in. */
export function t(key: StringKey, values: Record<string, string | number> = {}): string {
  return strings[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The locale in use, for Intl formatting. */
export const lang = () => 'en';

/** A counted string, e.g. "1 comment" / "12 comments". */
export function tn(key: PluralKey, n: number): string {
  const forms = strings[key];
  return (plurals.select(n) === 'one' ? forms.one : forms.other).replace('{n}', n.toLocaleString('en'));
}
