import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { listSites } from '../api/endpoints.ts';
import type { Editor, Site } from '../api/models.ts';
import { DashboardContext, type DashboardState, type Tone } from '../lib/dashboard-context.ts';
import { loadStoredSite, storeSite } from '../lib/stored-site.ts';
import { useCounts } from '../lib/use-counts.ts';
import { useResource } from '../lib/use-resource.ts';
import { siteFromHash } from '../lib/routes.ts';
import { useRoute } from '../lib/use-route.ts';
import { type Announcement, Announcer } from './announcer.tsx';
import { AppHeader } from './app-header.tsx';
import { AuditPage } from './audit-page.tsx';
import { BansPage } from './bans-page.tsx';
import { BroadcastPage } from './broadcast-page.tsx';
import { EditorsPage } from './editors-page.tsx';
import { Loadable } from './loadable.tsx';
import { AccountPage } from './account-page.tsx';
import { MailboxPage } from './mailbox-page.tsx';
import { NewSiteForm } from './new-site-form.tsx';
import { NewsletterPage } from './newsletter-page.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { OverviewPage } from './overview-page.tsx';
import { PrivacyPage } from './privacy-page.tsx';
import { QueuePage } from './queue-page.tsx';
import { SettingsPage } from './settings-page.tsx';
import { SubscribersPage } from './subscribers-page.tsx';
import { WebhooksPage } from './webhooks-page.tsx';

function pickSite(sites: Site[], wanted: string | null): string | undefined {
  return sites.find((s) => s.id === wanted)?.id ?? sites[0]?.id;
}

/** The signed-in dashboard: header, navigation, the page of the current route, live regions. */
export function Dashboard({ editor, onSignOut }: { editor: Editor; onSignOut: () => void }) {
  const route = useRoute();
  const siteList = useResource((signal) => listSites(signal), []);
  const sites = siteList.data;
  const [siteId, setSiteId] = useState<string | undefined>(undefined);
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const { counts, refresh: refreshCounts } = useCounts(siteId);
  const announceId = useRef(0);
  const isOwner = editor.role === 'owner';

  // The site to work on: the one chosen before (stored), while it is still in the list.
  useEffect(() => {
    if (sites) setSiteId((current) => pickSite(sites, current ?? loadStoredSite()));
  }, [sites]);

  useEffect(() => {
    const pending = counts?.pending ?? 0;
    document.title = pending > 0 ? `(${pending}) Parley moderation` : 'Parley moderation';
  }, [counts]);

  // Moving between sections puts focus on the new page's heading, as a page load would.
  const firstRoute = useRef(true);
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }, [route.name]);

  // A link that names a site (an alert email's "Open the queue") opens that site, once.
  useEffect(() => {
    const named = siteFromHash(location.hash);
    if (!named || !sites) return;
    history.replaceState(null, '', named.rest || '#/');
    if (sites.some((s) => s.id === named.site)) {
      storeSite(named.site);
      setSiteId(named.site);
    }
  }, [sites, route]);

  const announce = useCallback((text: string, tone: Tone = 'polite') => {
    setAnnouncement({ id: ++announceId.current, text, tone });
  }, []);

  const chooseSite = useCallback((id: string) => {
    storeSite(id);
    setSiteId(id);
  }, []);

  const putSite = useCallback((site: Site) => {
    siteList.update((current) => (current.some((s) => s.id === site.id) ? current.map((s) => (s.id === site.id ? site : s)) : [...current, site]));
  }, [siteList.update]);

  const site = sites?.find((s) => s.id === siteId);
  const state = useMemo<DashboardState | null>(
    () =>
      site && sites
        ? { editor, site, sites, isOwner, counts, refreshCounts, announce, putSite, chooseSite }
        : null,
    [editor, site, sites, isOwner, counts, refreshCounts, announce, putSite, chooseSite],
  );

  let page;
  if (!sites) {
    page = (
      <div class="page" aria-busy={siteList.error ? undefined : 'true'}>
        {siteList.error ? <h1 tabIndex={-1}>Sites</h1> : null}
        <Loadable resource={siteList} what="your sites">
          {() => null}
        </Loadable>
      </div>
    );
  } else if (!state) {
    page = (
      <div class="page">
        <h1 tabIndex={-1}>No sites yet</h1>
        <p>Parley has no site to moderate yet.</p>
        {isOwner ? (
          <NewSiteForm
            onCreated={(created) => {
              putSite(created);
              chooseSite(created.id);
            }}
          />
        ) : (
          <p class="muted">Ask an owner to add a site.</p>
        )}
      </div>
    );
  } else {
    const key = state.site.id;
    switch (route.name) {
      case 'overview':
        page = <OverviewPage key={key} period={route.period} />;
        break;
      case 'queue':
        page = <QueuePage key={key} queue={route.queue} q={route.q} pageKey={route.page} />;
        break;
      case 'settings':
        page = <SettingsPage key={key} />;
        break;
      case 'bans':
        page = <BansPage key={key} />;
        break;
      case 'editors':
        page = isOwner ? <EditorsPage /> : <NotFoundPage forbidden />;
        break;
      case 'audit':
        page = <AuditPage key={key} editorFilter={route.editor} commentFilter={route.comment} />;
        break;
      case 'newsletter':
        page = isOwner ? <NewsletterPage key={key} copyId={route.copy} /> : <NotFoundPage forbidden />;
        break;
      case 'broadcast':
        page = isOwner ? <BroadcastPage key={`${key}:${route.id}`} id={route.id} /> : <NotFoundPage forbidden />;
        break;
      case 'subscribers':
        page = isOwner ? <SubscribersPage key={key} status={route.status} topic={route.topic} q={route.q} /> : <NotFoundPage forbidden />;
        break;
      case 'mailbox':
        page = isOwner ? <MailboxPage key={key} to={route.to} id={route.id} /> : <NotFoundPage forbidden />;
        break;
      case 'account':
        page = <AccountPage />;
        break;
      case 'privacy':
        page = isOwner ? <PrivacyPage /> : <NotFoundPage forbidden />;
        break;
      case 'webhooks':
        page = isOwner ? <WebhooksPage key={key} /> : <NotFoundPage forbidden />;
        break;
      default:
        page = <NotFoundPage />;
    }
  }

  return (
    <DashboardContext.Provider value={state}>
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <AppHeader editor={editor} sites={sites ?? []} siteId={siteId} onChooseSite={chooseSite} onSignOut={onSignOut} route={route} counts={counts} />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
      <Announcer message={announcement} />
    </DashboardContext.Provider>
  );
}
