/**
 * Calendar days in an editor's time zone, and the UTC instants they start at. Only Intl is used
 * (present on Node and Workers), so daylight-saving changes are the runtime's time-zone data.
 */

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC midnight (ms) of a YYYY-MM-DD calendar date, or undefined when it names no real day. */
export function parseCalendarDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const back = new Date(utc);
  // Date.UTC rolls 2026-02-30 over to March: a date that does not come back is not a day.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return utc;
}

/** YYYY-MM-DD of a UTC midnight. */
export function formatCalendarDate(utcMidnight: number): string {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}

/** Whether the runtime knows the IANA zone. */
export function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at instant `t` (ms, wall clock minus UTC, whole seconds). */
function offsetAt(tz: string, t: number): number {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    if (formatters.size > 64) formatters.clear();
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/**
 * The instant (ms) a calendar day begins in `tz`: its local midnight, or, where a clock change
 * skips midnight, the first instant of the day after the gap.
 */
export function startOfDay(utcMidnight: number, tz: string): number {
  return wallTimeInZone(utcMidnight, 0, tz);
}

/** The calendar day (its UTC midnight) that instant `t` falls on in `tz`. */
export function dayInZone(t: number, tz: string): number {
  return Math.floor((t + offsetAt(tz, t)) / DAY_MS) * DAY_MS;
}

/**
 * The instant (ms) the clocks of `tz` show `msIntoDay` after midnight on a calendar day; where a
 * clock change skips that time, the first instant after the gap; where it repeats it, the first.
 */
export function wallTimeInZone(utcMidnight: number, msIntoDay: number, tz: string): number {
  // Guess with the offset at the wall time read as UTC, then correct once with the offset at the
  // guess: enough for every real zone, whose offsets change at most once within hours.
  const wall = utcMidnight + msIntoDay;
  const guess = wall - offsetAt(tz, wall);
  const corrected = wall - offsetAt(tz, guess);
  const shows = (x: number) => x + offsetAt(tz, x) === wall;
  const candidates = [guess, corrected].filter(shows).sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0]!;
  // In a gap: the clocks jumped over `wall`; the later guess is past the jump.
  return Math.max(guess, corrected);
}

/** The days from `from` to `to` (UTC midnights, inclusive) and the instants they start at, plus the end of the last. */
export function daysInZone(from: number, to: number, tz: string): { days: string[]; starts: number[] } {
  const days: string[] = [];
  const starts: number[] = [];
  for (let d = from; d <= to; d += DAY_MS) {
    days.push(formatCalendarDate(d));
    starts.push(startOfDay(d, tz));
  }
  starts.push(startOfDay(to + DAY_MS, tz));
  return { days, starts };
}

export const MAX_DAYS = 366;
export { DAY_MS };

/**
 * The period cut into runs of whole 24-hour days (a day of a clock change is a run of its own):
 * within a run, the day of an instant is `firstDay + floor((t - start) / DAY_MS)`, which lets a
 * query sum its slots per day itself. At most a few runs a year.
 */
export function uniformRuns(starts: number[]): { start: number; end: number; firstDay: number }[] {
  const runs: { start: number; end: number; firstDay: number }[] = [];
  for (let i = 0; i < starts.length - 1; i++) {
    const [s, e] = [starts[i]!, starts[i + 1]!];
    const last = runs[runs.length - 1];
    const lastIsWholeDays = last !== undefined && last.end - last.start === (i - last.firstDay) * DAY_MS;
    if (last && lastIsWholeDays && e - s === DAY_MS) last.end = e;
    else runs.push({ start: s, end: e, firstDay: i });
  }
  return runs;
}
