/**
 * How long a ban lasts: one list for banning from a comment and banning an address, so an editor
 * meets the same choices (and the bans list the same lengths) wherever they ban.
 */
export const BAN_DURATIONS: readonly { value: string; label: string; ms: number | null }[] = [
  { value: '', label: 'Permanently', ms: null },
  { value: '1d', label: 'For 24 hours', ms: 24 * 3600_000 },
  { value: '7d', label: 'For 7 days', ms: 7 * 24 * 3600_000 },
  { value: '30d', label: 'For 30 days', ms: 30 * 24 * 3600_000 },
  { value: '365d', label: 'For 1 year', ms: 365 * 24 * 3600_000 },
];

/** The ISO time a ban of this duration ends, or undefined for a permanent one. */
export function banExpiry(value: string, now = Date.now()): string | undefined {
  const ms = BAN_DURATIONS.find((d) => d.value === value)?.ms;
  return ms ? new Date(now + ms).toISOString() : undefined;
}
