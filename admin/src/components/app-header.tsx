import { useEffect, useRef } from 'preact/hooks';
import type { Counts, Editor, Site } from '../api/models.ts';
import { overviewHref, type Route } from '../lib/routes.ts';
import { PrimaryNav } from './primary-nav.tsx';
import { SitePicker } from './site-picker.tsx';

interface Props {
  editor: Editor;
  sites: Site[];
  siteId: string | undefined;
  route: Route;
  counts: Counts | null;
  onChooseSite: (id: string) => void;
  onSignOut: () => void;
}

/** The top bar: brand, site picker, who is signed in, sign-out, and the section navigation. */
export function AppHeader({ editor, sites, siteId, route, counts, onChooseSite, onSignOut }: Props) {
  const header = useRef<HTMLElement>(null);
  // The sticky header's height, so selected comments scroll into view below it.
  useEffect(() => {
    const el = header.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => document.documentElement.style.setProperty('--header-h', `${el.offsetHeight}px`));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <header class="topbar" ref={header}>
      <div class="topbar-row">
        <a class="brand" href={overviewHref()}>
          <span class="brand-mark" aria-hidden="true" />
          Parley<span class="visually-hidden"> moderation, home</span>
        </a>
        {siteId ? (
          <div class="topbar-site">
            <SitePicker sites={sites} current={siteId} onChoose={onChooseSite} />
          </div>
        ) : null}
        <div class="account">
          <span class="account-name" title={editor.name ? `Signed in as ${editor.name}` : undefined}>
            <span class="visually-hidden">Signed in as </span>
            <span class="account-email">{editor.email}</span>
            <span class="account-role">{editor.role === 'owner' ? 'Owner' : 'Moderator'}</span>
          </span>
          <a class="button button-quiet button-small" href="#/account">
            Account
          </a>
          <button type="button" class="button button-quiet button-small" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </div>
      <PrimaryNav route={route} counts={counts} isOwner={editor.role === 'owner'} />
    </header>
  );
}
