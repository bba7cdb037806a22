import { useEffect, useRef } from 'preact/hooks';
import type { Counts } from '../api/models.ts';
import { mailboxHref, newsletterHref, overviewHref, queueHref, type Route, subscribersHref } from '../lib/routes.ts';

/**
 * The dashboard's sections. Editors, the newsletter, subscribers, the mailbox, privacy and webhooks are for
 * owners only (the API refuses moderators there too), so a moderator is not shown them.
 */
export function PrimaryNav({ route, counts, isOwner }: { route: Route; counts: Counts | null; isOwner: boolean }) {
  // Pending is what waits for a decision (flagged comments past the threshold are in it too).
  const waiting = counts?.pending ?? 0;
  const items: { href: string; label: string; current: boolean; badge?: number }[] = [
    { href: overviewHref(), label: 'Overview', current: route.name === 'overview' },
    { href: queueHref('pending'), label: 'Queue', current: route.name === 'queue', badge: waiting },
    { href: '#/settings', label: 'Settings', current: route.name === 'settings' },
    { href: '#/bans', label: 'Bans', current: route.name === 'bans' },
    ...(isOwner ? [{ href: '#/editors', label: 'Editors', current: route.name === 'editors' }] : []),
    { href: '#/audit', label: 'Audit log', current: route.name === 'audit' },
    ...(isOwner
      ? [
          { href: newsletterHref(), label: 'Newsletter', current: route.name === 'newsletter' || route.name === 'broadcast' },
          { href: subscribersHref(), label: 'Subscribers', current: route.name === 'subscribers' },
          { href: mailboxHref(), label: 'Mailbox', current: route.name === 'mailbox' },
          { href: '#/privacy', label: 'Privacy', current: route.name === 'privacy' },
          { href: '#/webhooks', label: 'Webhooks', current: route.name === 'webhooks' },
        ]
      : []),
  ];
  // On a phone the links scroll sideways: keep the current one in view.
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const ul = list.current;
    const link = ul?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!ul || !link || ul.scrollWidth <= ul.clientWidth) return;
    const left = link.offsetLeft - ul.offsetLeft;
    if (left < ul.scrollLeft || left + link.offsetWidth > ul.scrollLeft + ul.clientWidth) ul.scrollLeft = left - 16;
  }, [route.name]);
  return (
    <nav class="primary-nav" aria-label="Dashboard">
      <ul ref={list}>
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
