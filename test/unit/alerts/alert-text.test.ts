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
    expect(periodStart('hourly', at)).toBe(Date.UTC(2026, 11, 4, 7));
    expect(nextDigestDue('hourly', at)).toBe(Date.UTC(2026, 11, 4, 8));
    expect(periodKey('hourly', at)).toBe('2026-12-04T07');
    // Before 08:00 the day still belongs to yesterday's period.
    expect(periodStart('daily', at)).toBe(Date.UTC(2026, 11, 3, 8));
    expect(periodKey('daily', at)).toBe('2026-12-03');
    expect(nextDigestDue('daily', at)).toBe(Date.UTC(2026, 11, 4, 8));
    expect(periodKey('daily', Date.UTC(2026, 11, 4, 8))).toBe('2026-12-04');
    expect(nextDigestDue('daily', Date.UTC(2026, 11, 4, 8))).toBe(Date.UTC(2026, 11, 5, 8));
  });
});
