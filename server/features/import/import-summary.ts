import { COMMENT_STATUSES, type CommentStatus, type ImportSource } from '../../../db/schema.ts';

/** What an import did (or, in a dry run, would do). */
export interface ImportSummary {
  source: ImportSource;
  file: string;
  siteId: string;
  dryRun: boolean;
  /** Pages that have imported comments: made by this import, or already there. */
  pages: { created: number; existing: number };
  /** Comments written (or to be written), by the status they were given. */
  comments: Record<CommentStatus, number>;
  /** Comments found already imported by an earlier run, and left as they are. */
  alreadyImported: number;
  /** Replies whose parent is not in the file (or not on the same page): imported as top-level. */
  orphans: number;
  /** Records not imported, by reason. */
  skipped: Record<string, number>;
  ms: number;
}

export function emptySummary(source: ImportSource, file: string, siteId: string, dryRun: boolean): ImportSummary {
  return {
    source,
    file,
    siteId,
    dryRun,
    pages: { created: 0, existing: 0 },
    comments: Object.fromEntries(COMMENT_STATUSES.map((s) => [s, 0])) as Record<CommentStatus, number>,
    alreadyImported: 0,
    orphans: 0,
    skipped: {},
    ms: 0,
  };
}

export function countSkip(summary: ImportSummary, reason: string, n = 1): void {
  summary.skipped[reason] = (summary.skipped[reason] ?? 0) + n;
}

export function totalComments(summary: ImportSummary): number {
  return Object.values(summary.comments).reduce((a, b) => a + b, 0);
}

const LABEL: Record<ImportSource, string> = { disqus: 'Disqus', wordpress: 'WordPress' };

/** The summary as the CLI prints it. */
export function formatSummary(s: ImportSummary): string {
  const total = totalComments(s);
  const byStatus = COMMENT_STATUSES.filter((st) => s.comments[st] > 0).map((st) => `${s.comments[st]} ${st}`);
  const skipped = Object.entries(s.skipped).sort((a, b) => b[1] - a[1]);
  const skippedTotal = skipped.reduce((n, [, c]) => n + c, 0);
  const seconds = s.ms / 1000;
  const lines = [
    `${LABEL[s.source]} import of ${s.file} into site "${s.siteId}"${s.dryRun ? ' — dry run, nothing was written' : ''}`,
    `Pages:    ${s.pages.created + s.pages.existing} (${s.pages.created} new, ${s.pages.existing} already there)`,
    `Comments: ${total} ${s.dryRun ? 'to import' : 'imported'}${byStatus.length ? ` (${byStatus.join(', ')})` : ''}`,
    `Already imported before, left as they were: ${s.alreadyImported}`,
  ];
  if (!s.dryRun) lines.push(`Replies whose parent is missing, shown as top-level: ${s.orphans}`);
  lines.push(`Skipped:  ${skippedTotal}`);
  for (const [reason, n] of skipped) lines.push(`  ${String(n).padStart(6)}  ${reason}`);
  lines.push(`Took ${seconds.toFixed(1)} s${total > 0 && seconds > 0 ? ` (${Math.round(total / seconds)} comments/s)` : ''}.`);
  return lines.join('\n');
}
