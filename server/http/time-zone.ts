import { z } from 'zod';
import { isKnownTimeZone } from '../calendar-days.ts';

/**
 * An IANA time zone as a browser names it (`Intl.DateTimeFormat().resolvedOptions().timeZone`),
 * stored as the runtime spells it, so "europe/berlin" and "Europe/Berlin" are one zone.
 */
export const timeZone = z
  .string({ error: 'Time zone must be an IANA zone such as Europe/Berlin.' })
  .max(64, 'Time zone must be an IANA zone such as Europe/Berlin.')
  .refine(isKnownTimeZone, { message: 'Time zone must be an IANA zone such as Europe/Berlin.' })
  .transform((tz) => new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone);
