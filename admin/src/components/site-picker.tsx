import type { Site } from '../api/models.ts';

/** Chooses the site to work on; only shown when there is more than one. */
export function SitePicker({ sites, current, onChoose }: { sites: Site[]; current: string; onChoose: (id: string) => void }) {
  if (sites.length < 2) {
    const only = sites[0];
    return only ? <span class="site-name">{only.name}</span> : null;
  }
  return (
    <div class="site-picker">
      <label for="site-picker" class="visually-hidden">
        Site
      </label>
      <select id="site-picker" value={current} onChange={(e) => onChoose(e.currentTarget.value)}>
        {sites.map((site) => (
          <option key={site.id} value={site.id}>
            {site.name}
          </option>
        ))}
      </select>
    </div>
  );
}
