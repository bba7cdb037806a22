/**
 * The wait from posting to the first moderation decision is kept as a histogram (the triggers of
 * migration `stats_counter_triggers` bin it: 1 s under 2 min, 30 s under 1 h, 5 min under a day,
 * 1 h under a week, then days), so any period's median and 90th percentile come from a bounded
 * number of rows. A percentile is the lower edge of the bin that holds it (nearest rank).
 */
export interface LatencySummary {
  decisions: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** `bins`: lower edge in seconds → decisions in that bin. */
export function summariseLatency(bins: { lowerSeconds: number; count: number }[]): LatencySummary {
  const sorted = bins.filter((b) => b.count > 0).sort((a, b) => a.lowerSeconds - b.lowerSeconds);
  const decisions = sorted.reduce((n, b) => n + b.count, 0);
  const at = (p: number): number | null => {
    if (decisions === 0) return null;
    const rank = Math.ceil(p * decisions);
    let seen = 0;
    for (const b of sorted) {
      seen += b.count;
      if (seen >= rank) return b.lowerSeconds;
    }
    return sorted[sorted.length - 1]!.lowerSeconds;
  };
  return { decisions, medianSeconds: at(0.5), p90Seconds: at(0.9) };
}
