import type { ComponentChildren } from 'preact';

export interface StatTile {
  label: string;
  value: ComponentChildren;
  /** A line under the value: what it counts, or a link to act on it. */
  note?: ComponentChildren;
  testId?: string;
}

/** A row of headline numbers (a description list, so each value is read with its label). */
export function StatTiles({ tiles }: { tiles: StatTile[] }) {
  return (
    <dl class="counts stat-tiles">
      {tiles.map((tile) => (
        <div class="count" key={tile.label} data-testid={tile.testId}>
          <dt>{tile.label}</dt>
          {/* Isolated, so a number with its unit reads in order on a right-to-left page too. */}
          <dd>
            <bdi>{tile.value}</bdi>
          </dd>
          {tile.note ? <dd class="count-note">{tile.note}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
