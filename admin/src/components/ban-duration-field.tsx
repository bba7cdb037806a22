import { BAN_DURATIONS } from '../lib/ban-durations.ts';

/** How long a ban lasts, as both ban forms ask it: for good, or for one of a few spans. */
export function BanDurationField({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  return (
    <div class="field">
      <label for={id}>Duration</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {BAN_DURATIONS.map((d) => (
          <option key={d.value} value={d.value}>
            {d.label}
          </option>
        ))}
      </select>
    </div>
  );
}
