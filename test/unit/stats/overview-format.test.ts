import { describe, expect, it } from 'vitest';
import { csvFileName, csvOf } from '../../../admin/src/lib/csv-download.ts';
import { humanDuration } from '../../../admin/src/lib/durations.ts';
import { formatRate, formatWait, rate } from '../../../admin/src/lib/stats-format.ts';

describe('overview CSV', () => {
  it('writes a header and one row per day, numbers as they are', () => {
    expect(csvOf(['day', 'Published', 'Held'], [['2026-11-01', 3, 0], ['2026-11-02', 1234, 7]])).toBe('day,Published,Held\r\n2026-11-01,3,0\r\n2026-11-02,1234,7\r\n');
  });

  it('quotes commas, quotes and line breaks, leaves null empty and neutralises formulas', () => {
    const text = csvOf(['subject', 'sent at', 'rate'], [['Rates, "fees"\nand more', null, 0.5], ['=HYPERLINK("http://x")', '2026-11-02T08:00:00.000Z', null]]);
    expect(text).toBe('subject,sent at,rate\r\n"Rates, ""fees""\nand more",,0.5\r\n"\'=HYPERLINK(""http://x"")",2026-11-02T08:00:00.000Z,\r\n');
  });

  it('names the file by site, series and days, safely', () => {
    expect(csvFileName('demo', 'comments', '2026-11-01', '2026-11-30')).toBe('parley-demo-comments-2026-11-01-2026-11-30.csv');
    expect(csvFileName('the/site name', 'email')).toBe('parley-the_site_name-email.csv');
  });
});

describe('overview durations', () => {
  it('says a wait in the largest unit that fits, with the next one down', () => {
    expect(humanDuration(0)).toBe('0 seconds');
    expect(humanDuration(1)).toBe('1 second');
    expect(humanDuration(45)).toBe('45 seconds');
    expect(humanDuration(59.6)).toBe('1 minute');
    expect(humanDuration(90)).toBe('2 minutes');
    expect(humanDuration(3599)).toBe('1 hour');
    expect(humanDuration(3 * 3600 + 20 * 60)).toBe('3 hours 20 minutes');
    expect(humanDuration(86_399)).toBe('1 day');
    expect(humanDuration(2 * 86_400 + 4 * 3600 + 10)).toBe('2 days 4 hours');
    expect(humanDuration(-5)).toBe('0 seconds');
  });

  it('shows a dash when nothing was decided, and no rate of nothing', () => {
    expect(formatWait(null)).toBe('–');
    expect(formatWait(600)).toBe('10 minutes');
    expect(rate(3, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
    expect(formatRate(rate(2, 5040))).toBe('0.04%');
    expect(formatRate(rate(5040, 5100))).toBe('98.8%');
    expect(formatRate(null)).toBe('–');
  });
});
