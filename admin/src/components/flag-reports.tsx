import type { FlagReason, FlagSummary } from '../api/models.ts';

const REASONS: Record<FlagReason, string> = { spam: 'spam', abuse: 'abuse', 'off-topic': 'off-topic', other: 'other' };

/** Why readers reported a comment: "Reported: abuse ×2, spam ×1", and the notes they left. */
export function FlagReports({ flags }: { flags: FlagSummary }) {
  const reasons = (Object.entries(flags.reasons) as [FlagReason, number][]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (reasons.length === 0 && flags.notes.length === 0) return null;
  return (
    <div class="reports">
      <p class="reports-title">
        Reported{reasons.length > 0 ? ': ' : ''}
        {reasons.map(([reason, n], i) => (
          <span key={reason} class="reports-reason">
            {i > 0 ? ', ' : ''}
            {REASONS[reason] ?? reason} ×{n}
          </span>
        ))}
      </p>
      {flags.notes.length > 0 ? (
        <ul class="reports-notes" aria-label="Readers’ notes">
          {flags.notes.map((note, i) => (
            <li key={i}>
              <q>{note}</q>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
