import { listBroadcasts } from '../api/endpoints.ts';
import type { Broadcast } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { deliveryCounts } from '../lib/delivery-state.ts';
import { broadcastHref, subscribersHref } from '../lib/routes.ts';
import { useResource } from '../lib/use-resource.ts';
import { BroadcastComposer } from './broadcast-composer.tsx';
import { BroadcastStatusChip } from './broadcast-status-chip.tsx';
import { DataTable } from './data-table.tsx';
import { Loadable } from './loadable.tsx';
import { RelativeTime } from './relative-time.tsx';
import { StoryUpdateForm } from './story-update-form.tsx';

/** The site's newsletter: write one, and every broadcast so far, newest first. */
export function NewsletterPage({ copyId }: { copyId: string }) {
  const { site } = useDashboard();
  const broadcasts = useResource((signal) => listBroadcasts(site.id, signal), [site.id]);
  const put = (b: Broadcast) => broadcasts.update((list) => [b, ...list.filter((x) => x.id !== b.id)]);

  return (
    <div class="page">
      <div class="page-head">
        <h1 tabIndex={-1}>Newsletter</h1>
        <p class="page-sub muted">
          Write to everyone who confirmed a newsletter subscription on {site.name}. <a href={subscribersHref({ status: 'confirmed', topic: 'newsletter' })}>See who that is</a>
        </p>
      </div>

      <section class="card" aria-labelledby="compose-title">
        <h2 id="compose-title">Write a newsletter</h2>
        <BroadcastComposer key={copyId} copyId={copyId} onSaved={put} />
      </section>

      <section class="card" aria-labelledby="story-title">
        <h2 id="story-title">Update a story’s followers</h2>
        <p class="muted">Readers can follow an article from under it; send them news of the story as it develops.</p>
        <StoryUpdateForm />
      </section>

      <section aria-labelledby="broadcasts-title">
        <h2 id="broadcasts-title">Broadcasts</h2>
        <Loadable
          resource={broadcasts}
          what="the broadcasts"
          isEmpty={(list) => list.length === 0}
          empty="Nothing written yet. Saved drafts and sent newsletters are listed here."
        >
          {(list) => (
            <DataTable columns={['Subject', 'Status', 'Delivery', 'When']} class="broadcasts">
              {list.map((b) => (
                <tr key={b.id}>
                  <td data-label="Subject">
                    <a class="break" href={broadcastHref(b.id)}>
                      {b.subject}
                    </a>
                  </td>
                  <td data-label="Status">
                    <BroadcastStatusChip broadcast={b} />
                  </td>
                  <td data-label="Delivery">{deliveryCounts(b)}</td>
                  <td data-label="When">
                    <RelativeTime value={b.sentAt ?? b.createdAt} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </Loadable>
      </section>
    </div>
  );
}
