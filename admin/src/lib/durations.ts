/** Durations for people: 40 seconds, 12 minutes, 3 hours 20 minutes, 2 days 4 hours. */

const unitFormats = new Map<string, Intl.NumberFormat>();

function amount(value: number, unit: 'second' | 'minute' | 'hour' | 'day'): string {
  let format = unitFormats.get(unit);
  if (!format) {
    // The dashboard is in English; its durations are too, whatever the browser's language.
    format = new Intl.NumberFormat('en', { style: 'unit', unit, unitDisplay: 'long' });
    unitFormats.set(unit, format);
  }
  return format.format(value);
}

/**
 * A number of seconds in the largest unit that fits, with the next unit down when it adds
 * something (two parts at most: a wait is read at a glance, not to the second).
 */
export function humanDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return amount(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return amount(minutes, 'minute');
  if (minutes < 24 * 60) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest ? `${amount(hours, 'hour')} ${amount(rest, 'minute')}` : amount(hours, 'hour');
  }
  const hours = Math.round(seconds / 3600);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest ? `${amount(days, 'day')} ${amount(rest, 'hour')}` : amount(days, 'day');
}
