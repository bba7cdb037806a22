import { describe, expect, it } from 'vitest';
import { DAY_MS, daysInZone, parseCalendarDate, startOfDay, uniformRuns } from '../../../server/calendar-days.ts';
import { summariseLatency } from '../../../server/features/stats/latency.ts';

const day = (text: string) => parseCalendarDate(text)!;
const iso = (ms: number) => new Date(ms).toISOString();

describe('calendar days in a zone', () => {
  it('starts each day at the zone’s midnight, half- and three-quarter-hour zones included', () => {
    expect(iso(startOfDay(day('2026-11-26'), 'UTC'))).toBe('2026-11-26T00:00:00.000Z');
    expect(iso(startOfDay(day('2026-11-26'), 'Asia/Kolkata'))).toBe('2026-11-25T18:30:00.000Z');
    expect(iso(startOfDay(day('2026-11-26'), 'Asia/Kathmandu'))).toBe('2026-11-25T18:15:00.000Z');
    expect(iso(startOfDay(day('2026-11-26'), 'America/St_Johns'))).toBe('2026-11-26T03:30:00.000Z');
    expect(iso(startOfDay(day('2026-11-26'), 'Pacific/Chatham'))).toBe('2026-11-25T10:15:00.000Z');
  });

  it('follows daylight saving: 23- and 25-hour days, and a day whose midnight is skipped', () => {
    const berlin = daysInZone(day('2027-03-27'), day('2027-03-29'), 'Europe/Berlin');
    expect(berlin.days).toEqual(['2027-03-27', '2027-03-28', '2027-03-29']);
    expect(berlin.starts.map(iso)).toEqual(['2027-03-26T23:00:00.000Z', '2027-03-27T23:00:00.000Z', '2027-03-28T22:00:00.000Z', '2027-03-29T22:00:00.000Z']);
    const autumn = daysInZone(day('2026-10-25'), day('2026-10-25'), 'Europe/Berlin');
    expect(autumn.starts.map(iso)).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    // Chile moves its clocks from 00:00 to 01:00: the day begins at 01:00 (UTC−3).
    expect(iso(startOfDay(day('2026-09-06'), 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    expect(iso(startOfDay(day('2026-09-07'), 'America/Santiago'))).toBe('2026-09-07T03:00:00.000Z');
  });

  it('cuts a period into runs of whole 24-hour days, a clock change’s day on its own', () => {
    const { starts } = daysInZone(day('2027-03-20'), day('2027-04-05'), 'Europe/Berlin');
    const runs = uniformRuns(starts);
    expect(runs.map((r) => [r.firstDay, (r.end - r.start) / 3_600_000])).toEqual([[0, 8 * 24], [8, 23], [9, 8 * 24]]);
    // Every instant of the period falls on the day its run says, as the query computes it.
    for (let t = starts[0]!; t < starts[starts.length - 1]!; t += 900_000) {
      const run = runs.find((r) => t < r.end)!;
      const index = run.firstDay + Math.floor((t - run.start) / DAY_MS);
      expect(starts[index]! <= t && t < starts[index + 1]!).toBe(true);
    }
    expect(uniformRuns(daysInZone(day('2026-11-01'), day('2026-11-30'), 'Asia/Kathmandu').starts)).toHaveLength(1);
  });

  it('knows real calendar days only', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '26-01-01', '2026-01-01T00:00', '']) expect(parseCalendarDate(bad)).toBeUndefined();
    expect(iso(day('2028-02-29'))).toBe('2028-02-29T00:00:00.000Z');
  });
});

describe('latency percentiles from the histogram', () => {
  it('takes the nearest rank’s bin, and null when nothing was decided', () => {
    expect(summariseLatency([])).toEqual({ decisions: 0, medianSeconds: null, p90Seconds: null });
    expect(summariseLatency([{ lowerSeconds: 600, count: 2 }, { lowerSeconds: 45, count: 1 }, { lowerSeconds: 90, count: 1 }])).toEqual({ decisions: 4, medianSeconds: 90, p90Seconds: 600 });
    expect(summariseLatency([{ lowerSeconds: 30, count: 9 }, { lowerSeconds: 3600, count: 1 }])).toEqual({ decisions: 10, medianSeconds: 30, p90Seconds: 30 });
    expect(summariseLatency([{ lowerSeconds: 30, count: 8 }, { lowerSeconds: 3600, count: 2 }])).toEqual({ decisions: 10, medianSeconds: 30, p90Seconds: 3600 });
  });
});
