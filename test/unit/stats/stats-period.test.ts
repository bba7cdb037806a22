import { describe, expect, it } from 'vitest';
import { parseHash, overviewHref } from '../../../admin/src/lib/routes.ts';
import { addDays, dayIn, parsePeriod, periodRange } from '../../../admin/src/lib/stats-period.ts';

/**
 * The Overview asks the stats API for calendar days in the editor's zone: the days must be the
 * zone's, whatever the instant, across DST changes, year ends and the zones far from UTC.
 */
describe('overview periods', () => {
  it('takes today from the editor’s zone, not from UTC', () => {
    // 22:30 UTC on 29 March is already 00:30 on the 30th in Berlin (summer time began that night).
    const now = new Date('2026-03-29T22:30:00Z');
    expect(dayIn(now, 'Europe/Berlin')).toBe('2026-03-30');
    expect(dayIn(now, 'UTC')).toBe('2026-03-29');
    // 04:30 UTC on 2 November is still 23:30 on the 1st in New York (winter time began that day).
    expect(dayIn(new Date('2026-11-02T04:30:00Z'), 'America/New_York')).toBe('2026-11-01');
    // The zones furthest from UTC are a whole calendar day apart.
    const noon = new Date('2026-12-31T12:00:00Z');
    expect(dayIn(noon, 'Pacific/Kiritimati')).toBe('2027-01-01');
    expect(dayIn(noon, 'Pacific/Pago_Pago')).toBe('2026-12-31');
  });

  it('counts whole calendar days back across a DST change', () => {
    // 7 days ending on the day after Berlin's spring change: the 23-hour day counts as one day.
    expect(periodRange('7d', new Date('2026-03-29T22:30:00Z'), 'Europe/Berlin')).toEqual({ from: '2026-03-24', to: '2026-03-30', tz: 'Europe/Berlin' });
    // Over New York's autumn change (a 25-hour day): 30 days ending 1 November start on 3 October.
    expect(periodRange('30d', new Date('2026-11-02T04:30:00Z'), 'America/New_York')).toEqual({ from: '2026-10-03', to: '2026-11-01', tz: 'America/New_York' });
    // 90 days over the spring change: 2 January to 1 April.
    expect(periodRange('90d', new Date('2026-04-01T10:00:00Z'), 'Europe/Berlin').from).toBe('2026-01-02');
  });

  it('makes the last 24 hours yesterday and today, as the API counts whole days', () => {
    expect(periodRange('24h', new Date('2027-01-01T00:10:00Z'), 'UTC')).toEqual({ from: '2026-12-31', to: '2027-01-01', tz: 'UTC' });
  });

  it('steps over month ends and leap days', () => {
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-10-25', -89)).toBe('2026-07-28');
  });

  it('reads the period from the URL, falling back to 7 days', () => {
    expect(parsePeriod('30d')).toBe('30d');
    expect(parsePeriod('1y')).toBe('7d');
    expect(parsePeriod(null)).toBe('7d');
  });
});

describe('overview route', () => {
  it('is the dashboard’s first page, and the queue keeps its own address', () => {
    expect(parseHash('')).toEqual({ name: 'overview', period: '7d' });
    expect(parseHash('#/')).toEqual({ name: 'overview', period: '7d' });
    expect(parseHash('#/overview?period=90d')).toEqual({ name: 'overview', period: '90d' });
    expect(parseHash('#/overview?period=forever')).toEqual({ name: 'overview', period: '7d' });
    expect(parseHash('#/queue')).toEqual({ name: 'queue', queue: 'pending', q: '', page: '' });
    expect(parseHash('#/queue/all?page=%2Fa%2Fb')).toEqual({ name: 'queue', queue: 'all', q: '', page: '/a/b' });
    expect(overviewHref('30d')).toBe('#/overview?period=30d');
    expect(parseHash(overviewHref('24h'))).toEqual({ name: 'overview', period: '24h' });
  });
});
