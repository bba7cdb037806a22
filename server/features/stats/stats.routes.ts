import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { queryOf } from '../../http/typed-validators.ts';
import { DAY_MS, formatCalendarDate, MAX_DAYS, parseCalendarDate } from '../../calendar-days.ts';
import { timeZone } from '../../http/time-zone.ts';
import { siteOverview } from './overview.ts';

const calendarDay = (name: string) =>
  z
    .string({ error: `${name} is required, as YYYY-MM-DD.` })
    .transform((text, ctx) => {
      const day = parseCalendarDate(text);
      if (day === undefined) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a calendar day as YYYY-MM-DD.` });
        return z.NEVER;
      }
      return day;
    });

const statsQuery = z
  .object({
    from: calendarDay('From'),
    to: calendarDay('To'),
    tz: timeZone.default('UTC'),
  })
  .superRefine((q, ctx) => {
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'From must not be after To.' });
    else if ((q.to - q.from) / DAY_MS + 1 > MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `A period is at most ${MAX_DAYS} days.` });
  });

/**
 * GET /api/v1/admin/sites/:site/stats?from=&to=&tz=: the overview's series for calendar days in
 * the editor's zone (moderators and owners alike; the site loader has checked the site).
 */
export function statsRoutes() {
  return new Hono<AppEnv>().get('/stats', queryOf(statsQuery), async (c) => {
    const { from, to, tz } = c.req.valid('query');
    const overview = await siteOverview(c.var.deps.db, c.var.site, { from, to, tz });
    c.header('Cache-Control', 'private, no-store');
    return c.json({ site: c.var.site.id, from: formatCalendarDate(from), to: formatCalendarDate(to), tz, ...overview });
  });
}
