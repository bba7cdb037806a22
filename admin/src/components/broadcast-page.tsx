import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { getBroadcast, sendBroadcast, sendTestBroadcast } from '../api/endpoints.ts';
import type { Broadcast } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { plural } from '../lib/lines.ts';
import { mailboxHref, newsletterHref } from '../lib/routes.ts';
import { BroadcastPreview } from './broadcast-preview.tsx';
import { BroadcastProgress } from './broadcast-progress.tsx';
import { BroadcastStatusChip } from './broadcast-status-chip.tsx';
import { deliveryCounts, deliveryState } from '../lib/delivery-state.ts';
import { useResource } from '../lib/use-resource.ts';
import { Loadable } from './loadable.tsx';
import { RelativeTime } from './relative-time.tsx';
import { SendBroadcastDialog } from './send-broadcast-dialog.tsx';

const POLL_MS = 3000;

const inProgress = (b: Broadcast) => b.status === 'sending' || b.counts.queued > 0;

/** One broadcast: its words, and while it goes out, progress and delivery counts (polled). */
export function BroadcastPage({ id }: { id: string }) {
  const { site, announce } = useDashboard();
  const resource = useResource((signal) => getBroadcast(id, signal), [id]);
  const broadcast = resource.data;
  const [busy, setBusy] = useState<'test' | 'send' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [testedTo, setTestedTo] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  /** Whether this page saw emails still waiting, so it can say when they are all out. */
  const sawQueued = useRef(false);

  // Says when the emails this page saw waiting are all out (after a poll or a send).
  useEffect(() => {
    if (!broadcast) return;
    if (broadcast.counts.queued > 0 || broadcast.status === 'sending') sawQueued.current = true;
    else if (sawQueued.current && broadcast.status === 'sent') {
      sawQueued.current = false;
      const { sent, failed } = broadcast.counts;
      announce(`Finished sending “${broadcast.subject}”: ${sent} sent${failed > 0 ? `, ${failed} failed` : ''}.`);
    }
  }, [broadcast, announce]);

  // The heading appears only once the broadcast is loaded: if the link that led here took the
  // focus with it, the heading takes it, as it does on the other pages.
  const loaded = broadcast !== undefined;
  useEffect(() => {
    if (loaded && (document.activeElement === null || document.activeElement === document.body)) heading.current?.focus();
  }, [loaded]);

  // Poll every few seconds while emails wait in the outbox: the next load a few seconds after
  // the last one answered (a failed one too: "Could not refresh" shows, and it tries again).
  const polling = broadcast !== undefined && inProgress(broadcast);
  useEffect(() => {
    if (!polling || resource.loading) return;
    const timer = setTimeout(resource.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [polling, resource.loading, resource.reload]);

  const test = async () => {
    if (!broadcast || busy) return;
    setBusy('test');
    try {
      const to = await sendTestBroadcast(broadcast.id);
      setTestedTo(to);
      announce(`Sent a test of “${broadcast.subject}” to ${to}.`);
    } catch (err) {
      announce(`Could not send the test: ${messageOf(err)}`, 'assertive');
    } finally {
      setBusy(null);
    }
  };

  const send = async () => {
    if (!broadcast || busy) return;
    setBusy('send');
    try {
      const sent = await sendBroadcast(broadcast.id);
      resource.update(() => sent);
      announce(`Sending “${sent.subject}” to ${plural(sent.recipients, 'subscriber')}.`);
    } catch (err) {
      announce(err instanceof ApiError && err.status === 409 ? 'This broadcast had already been sent.' : `Could not send it: ${messageOf(err)}`, 'assertive');
      resource.reload();
    } finally {
      setBusy(null);
      heading.current?.focus();
    }
  };

  if (!broadcast) {
    return (
      <div class="page page-narrow" aria-busy={resource.error ? undefined : 'true'}>
        {resource.error ? (
          <>
            <p class="back-link">
              <a href={newsletterHref()}>← All broadcasts</a>
            </p>
            <h1 tabIndex={-1}>Broadcast</h1>
          </>
        ) : null}
        <Loadable resource={resource} what="the broadcast">
          {() => null}
        </Loadable>
      </div>
    );
  }

  const otherSite = broadcast.site !== site.id;
  return (
    <div class="page page-narrow">
      <p class="back-link">
        <a href={newsletterHref()}>← All broadcasts</a>
      </p>
      <div class="page-head">
        <h1 tabIndex={-1} ref={heading} class="break">
          {broadcast.subject}
        </h1>
        <p class="page-sub muted broadcast-meta">
          <BroadcastStatusChip broadcast={broadcast} />
          {broadcast.sentAt ? (
            <span>
              {deliveryState(broadcast) === 'sent' ? 'Sent' : 'Queued'} <RelativeTime value={broadcast.sentAt} /> {deliveryState(broadcast) === 'sent' ? 'to' : 'for'}{' '}
              {plural(broadcast.recipients, 'subscriber')} · {deliveryCounts(broadcast)}
            </span>
          ) : (
            <span>
              Written <RelativeTime value={broadcast.createdAt} />
            </span>
          )}
        </p>
      </div>
      {otherSite ? <p class="alert alert-info">This broadcast belongs to another site ({broadcast.site}).</p> : null}

      {broadcast.status === 'draft' ? (
        <section class="card" aria-labelledby="draft-actions-title">
          <h2 id="draft-actions-title">This draft has not been sent</h2>
          <div class="form-actions">
            <button type="button" class="button" disabled={busy !== null} onClick={() => void test()}>
              {busy === 'test' ? 'Sending test…' : 'Send test to me'}
            </button>
            <button type="button" class="button button-primary" disabled={busy !== null} aria-haspopup="dialog" onClick={() => setConfirming(true)}>
              {busy === 'send' ? 'Sending…' : 'Send to all subscribers…'}
            </button>
            <a class="button button-quiet" href={newsletterHref({ copy: broadcast.id })}>
              Open in editor
            </a>
            {testedTo ? (
              <span class="muted">
                Test sent to {testedTo}. <a href={mailboxHref({ to: testedTo })}>See it in the Mailbox</a>
              </span>
            ) : null}
          </div>
          <SendBroadcastDialog open={confirming} siteId={broadcast.site} subject={broadcast.subject} onConfirm={() => void send()} onClose={() => setConfirming(false)} />
        </section>
      ) : (
        <section class="card" aria-labelledby="delivery-title">
          <div class="card-head">
            <h2 id="delivery-title">Delivery</h2>
            {polling ? (
              <span class="muted live-dot" aria-hidden="true">
                Updating every few seconds
              </span>
            ) : null}
          </div>
          <BroadcastProgress broadcast={broadcast} />
          {resource.error ? (
            <p class="field-error" role="alert">
              Could not refresh: {resource.error}
            </p>
          ) : null}
        </section>
      )}

      <section class="card" aria-labelledby="content-title">
        <div class="card-head">
          <h2 id="content-title">Content</h2>
          {broadcast.status !== 'draft' ? (
            <a class="button button-quiet button-small" href={newsletterHref({ copy: broadcast.id })}>
              Reuse as a new draft
            </a>
          ) : null}
        </div>
        <BroadcastPreview id={`broadcast-${broadcast.id}`} subject={broadcast.subject} body={broadcast.body} />
      </section>
    </div>
  );
}
