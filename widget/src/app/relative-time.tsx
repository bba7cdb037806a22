import { lang, t } from './i18n.ts';

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 minutes ago", in the reader's words. */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of STEPS) {
    if (Math.abs(seconds) >= size) return new Intl.RelativeTimeFormat(lang(), { numeric: 'auto' }).format(Math.round(seconds / size), unit);
  }
  return t('justNow');
}

/** A relative time with the full date on hover, linking to the comment's permalink. */
export function RelativeTime({ iso, href }: { iso: string; href: string }) {
  return (
    <a class="time" href={href} title={new Date(iso).toLocaleString(lang(), { dateStyle: 'full', timeStyle: 'short' })}>
      <time dateTime={iso}>{relativeTime(iso)}</time>
    </a>
  );
}
