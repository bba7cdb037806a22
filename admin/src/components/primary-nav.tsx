import type { Counts } from '../api/types.ts';
import { queueHref, type Route } from '../lib/routes.ts';

/** The dashboard's sections. Editors is for owners only. */
export function PrimaryNav({ route, counts, isOwner }: { route: Route; counts: Counts | null; isOwner: boolean }) {
  // Pending is what waits for a decision (flagged comments past the threshold are in it too).
  const waiting = counts?.pending ?? 0;
  const items: { href: string; label: string; current: boolean; badge?: number }[] = [
    { href: queueHref('pending'), label: 'Queue', current: route.name === 'queue', badge: waiting },
    { href: '#/settings', label: 'Settings', current: route.name === 'settings' },
    { href: '#/bans', label: 'Bans', current: route.name === 'bans' },
    ...(isOwner ? [{ href: '#/editors', label: 'Editors', current: route.name === 'editors' }] : []),
    { href: '#/audit', label: 'Audit log', current: route.name === 'audit' },
  ];
  return (
    <nav class="primary-nav" aria-label="Dashboard">
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <a href={item.href} aria-current={item.current ? 'page' : undefined}>
              {item.label}
              {item.badge ? (
                <span class="badge">
                  <span class="visually-hidden">, </span>
                  {item.badge}
                  <span class="visually-hidden"> pending</span>
                </span>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
