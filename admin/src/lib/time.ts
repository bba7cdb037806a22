/** Relative and absolute times for people: "3 minutes ago", "2 months ago", "25 Nov 2026, 14:05". */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function toMillis(value: string | number): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

export function relativeTime(value: string | number, now = Date.now()): string {
  const seconds = Math.round((toMillis(value) - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

export function absoluteTime(value: string | number): string {
  return absolute.format(new Date(toMillis(value)));
}

export function isoTime(value: string | number): string {
  return new Date(toMillis(value)).toISOString();
}
