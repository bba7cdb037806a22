import { describe, expect, it } from 'vitest';
import { excerpt } from '../../../server/features/alerts/alert-emails.ts';
import { ageText, nextDigestDue, periodKey, periodStart } from '../../../server/features/alerts/schedule.ts';

describe('alert email text', () => {
  it('cuts a long comment at a word, never inside an emoji, on one line', () => {
    expect(excerpt('  short\n\ntext  ')).toBe('short text');
    const long = `${'word '.repeat(60)}end`;
    const cut = excerpt(long);
    expect(cut.endsWith('word…')).toBe(true);
    expect(Array.from(cut).length).toBeLessThanOrEqual(201);
    const emoji = excerpt('😀'.repeat(250));
    expect(emoji).toBe(`${'😀'.repeat(200)}…`);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('says ages in minutes, hours, then days', () => {
    expect(ageText(59_000)).toBe('0 min');
    expect(ageText(59 * 60_000)).toBe('59 min');
    expect(ageText(47 * 3_600_000)).toBe('47 h');
    expect(ageText(72 * 3_600_000)).toBe('3 days');
  });
});

describe('digest periods', () => {
  it('are clock hours, or days from 08:00 UTC', () => {
    const at = Date.UTC(2026, 11, 4, 7, 59);
    expect(periodStart('hourly', at, 'UTC')).toBe(Date.UTC(2026, 11, 4, 7));
    expect(nextDigestDue('hourly', at, 'UTC')).toBe(Date.UTC(2026, 11, 4, 8));
    expect(periodKey('hourly', at, 'UTC')).toBe('2026-12-04T07');
    // Before 08:00 the day still belongs to yesterday's period.
    expect(periodStart('daily', at, 'UTC')).toBe(Date.UTC(2026, 11, 3, 8));
    expect(periodKey('daily', at, 'UTC')).toBe('2026-12-03');
    expect(nextDigestDue('daily', at, 'UTC')).toBe(Date.UTC(2026, 11, 4, 8));
    expect(periodKey('daily', Date.UTC(2026, 11, 4, 8), 'UTC')).toBe('2026-12-04');
    expect(nextDigestDue('daily', Date.UTC(2026, 11, 4, 8), 'UTC')).toBe(Date.UTC(2026, 11, 5, 8));
  });

  it("come at 08:00 on the editor's clock, named by the editor's date", () => {
    // 07:30 UTC is 02:30 in New York: the period began yesterday at 08:00 there (13:00 UTC).
    const at = Date.UTC(2026, 11, 4, 7, 30);
    expect(periodStart('daily', at, 'America/New_York')).toBe(Date.UTC(2026, 11, 3, 13));
    expect(periodKey('daily', at, 'America/New_York')).toBe('2026-12-03');
    expect(nextDigestDue('daily', at, 'America/New_York')).toBe(Date.UTC(2026, 11, 4, 13));
    // 23:30 UTC on the 3rd is already the 4th, 08:30, in Tokyo.
    expect(periodKey('daily', Date.UTC(2026, 11, 3, 23, 30), 'Asia/Tokyo')).toBe('2026-12-04');
    expect(nextDigestDue('daily', Date.UTC(2026, 11, 3, 23, 30), 'Asia/Tokyo')).toBe(Date.UTC(2026, 11, 4, 23));
    // 12:30 UTC on the 3rd is 02:30 on the 4th at UTC+14: the period began on the 3rd, 08:00 there.
    expect(periodStart('daily', Date.UTC(2026, 11, 3, 12, 30), 'Pacific/Kiritimati')).toBe(Date.UTC(2026, 11, 2, 18));
    // Half- and three-quarter-hour zones: 08:00 in Kolkata is 02:30 UTC, in Kathmandu 02:15.
    expect(nextDigestDue('daily', Date.UTC(2026, 11, 4, 0), 'Asia/Kolkata')).toBe(Date.UTC(2026, 11, 4, 2, 30));
    expect(nextDigestDue('daily', Date.UTC(2026, 11, 4, 0), 'Asia/Kathmandu')).toBe(Date.UTC(2026, 11, 4, 2, 15));
    // Hourly digests keep UTC hours whatever the zone.
    expect(nextDigestDue('hourly', at, 'Asia/Kolkata')).toBe(Date.UTC(2026, 11, 4, 8));
  });

  it('keep 08:00 across clock changes: the day before is 23 or 25 hours long', () => {
    // Berlin springs forward on 28 March 2027 (02:00 → 03:00) and falls back on 31 October 2027.
    const spring = nextDigestDue('daily', Date.UTC(2027, 2, 27, 7), 'Europe/Berlin');
    expect(spring).toBe(Date.UTC(2027, 2, 28, 6));
    expect(spring - Date.UTC(2027, 2, 27, 7)).toBe(23 * 3_600_000);
    const autumn = nextDigestDue('daily', Date.UTC(2027, 9, 30, 6), 'Europe/Berlin');
    expect(autumn).toBe(Date.UTC(2027, 9, 31, 7));
    expect(autumn - Date.UTC(2027, 9, 30, 6)).toBe(25 * 3_600_000);
    // Every next digest is 08:00 on the clocks there, on the following day, for a year.
    const shows = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Santiago', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    let t = Date.UTC(2026, 11, 4, 12);
    for (let day = 0; day < 366; day++) {
      const next = nextDigestDue('daily', t, 'America/Santiago');
      expect(shows.format(next), new Date(next).toISOString()).toBe('08:00');
      expect(next - t).toBeGreaterThan(20 * 3_600_000);
      expect(next - t).toBeLessThanOrEqual(25 * 3_600_000);
      expect(periodKey('daily', next, 'America/Santiago')).not.toBe(periodKey('daily', t, 'America/Santiago'));
      t = next;
    }
  });
});
