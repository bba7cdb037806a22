import { useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import { deleteWebhook, listWebhooks, rotateWebhookSecret, sendWebhookTest, updateWebhook } from '../api/endpoints.ts';
import type { WebhookEndpoint } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { useResource } from '../lib/use-resource.ts';
import { AddWebhookForm } from './add-webhook-form.tsx';
import { DataTable } from './data-table.tsx';
import { Loadable } from './loadable.tsx';
import { WebhookDeliveries } from './webhook-deliveries.tsx';
import { WebhookSecret } from './webhook-secret.tsx';

function statusOf(e: WebhookEndpoint) {
  if (e.enabled) return <span class="chip chip-approved">On</span>;
  return (
    <span class="stack">
      <span class="chip chip-rejected">Off</span>
      {e.disabledReason ? <span class="help break">{e.disabledReason}</span> : null}
    </span>
  );
}

/** A site's outgoing webhooks (owners): add one, see its deliveries, test, turn off, delete. */
export function WebhooksPage() {
  const { site, announce } = useDashboard();
  const hooks = useResource((signal) => listWebhooks(site.id, signal), [site.id]);
  const [shown, setShown] = useState<{ url: string; secret: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [logVersion, setLogVersion] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const put = (endpoint: WebhookEndpoint) => hooks.update((list) => ({ ...list, endpoints: list.endpoints.map((e) => (e.id === endpoint.id ? endpoint : e)) }));

  /** Runs a row action, with the row's buttons disabled meanwhile and failures announced. */
  const run = async (endpoint: WebhookEndpoint, what: string, action: () => Promise<void>) => {
    setBusy(endpoint.id);
    try {
      await action();
    } catch (err) {
      announce(`Could not ${what}: ${messageOf(err)}`, 'assertive');
    } finally {
      setBusy(null);
    }
  };

  const test = (endpoint: WebhookEndpoint) =>
    run(endpoint, 'send the test event', async () => {
      const d = await sendWebhookTest(site.id, endpoint.id);
      setSelected(endpoint.id);
      setLogVersion((v) => v + 1);
      announce(d.status === 'delivered' ? `Test event delivered: the receiver answered ${d.responseStatus}.` : `Test event failed: ${d.error ?? 'no answer'}.`, d.status === 'delivered' ? 'polite' : 'assertive');
    });
  const toggle = (endpoint: WebhookEndpoint) =>
    run(endpoint, endpoint.enabled ? 'turn the webhook off' : 'turn the webhook on', async () => {
      put(await updateWebhook(site.id, endpoint.id, { enabled: !endpoint.enabled }));
      announce(endpoint.enabled ? `Webhook to ${endpoint.url} is off.` : `Webhook to ${endpoint.url} is on.`);
    });
  const rotate = (endpoint: WebhookEndpoint) =>
    run(endpoint, 'make a new secret', async () => {
      setShown({ url: endpoint.url, secret: await rotateWebhookSecret(site.id, endpoint.id) });
      announce('New signing secret made. Copy it now: it is shown only once. The old one no longer works.');
    });
  const remove = (endpoint: WebhookEndpoint) =>
    run(endpoint, 'delete the webhook', async () => {
      await deleteWebhook(site.id, endpoint.id);
      hooks.update((list) => ({ ...list, endpoints: list.endpoints.filter((e) => e.id !== endpoint.id) }));
      if (selected === endpoint.id) setSelected(null);
      setDeleting(null);
      announce(`Deleted the webhook to ${endpoint.url}.`);
      requestAnimationFrame(() => heading.current?.focus());
    });

  const chosen = hooks.data?.endpoints.find((e) => e.id === selected);
  return (
    <div class="page">
      <div class="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Webhooks
        </h1>
        <p class="page-sub muted">Tell other systems what happens on {site.name}: each event is sent, signed, to the URLs below (see the README’s Outgoing webhooks).</p>
      </div>

      {shown ? <WebhookSecret url={shown.url} secret={shown.secret} onDone={() => setShown(null)} /> : null}

      <section aria-labelledby="webhook-list-title">
        <h2 id="webhook-list-title">Endpoints</h2>
        <Loadable resource={hooks} what="the webhooks" isEmpty={(data) => data.endpoints.length === 0} empty="No webhooks yet. Add one below.">
          {(data) => (
            <DataTable columns={['URL', 'Events', 'Format', 'Status']} actions class="webhooks">
              {data.endpoints.map((e) => (
                <tr key={e.id} class={e.enabled ? undefined : 'is-expired'}>
                  <td data-label="URL">
                    <span class="break">{e.url}</span>
                  </td>
                  <td data-label="Events">
                    <span class="webhook-event-list">
                      {e.events.map((ev) => (
                        <code key={ev}>{ev}</code>
                      ))}
                    </span>
                  </td>
                  <td data-label="Format">{e.format === 'slack' ? 'Slack' : 'Standard'}</td>
                  <td data-label="Status">{statusOf(e)}</td>
                  <td class="cell-actions">
                    {deleting === e.id ? (
                      <span class="confirm webhook-actions">
                        <span>Delete it and its log?</span>
                        <button type="button" class="button button-small button-danger" disabled={busy === e.id} onClick={() => void remove(e)}>
                          Delete
                        </button>
                        <button type="button" class="button button-small" onClick={() => setDeleting(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <span class="row-actions webhook-actions">
                        <button type="button" class="button button-small" aria-pressed={selected === e.id} onClick={() => setSelected(selected === e.id ? null : e.id)}>
                          Deliveries<span class="visually-hidden"> to {e.url}</span>
                        </button>
                        <button type="button" class="button button-small" disabled={busy === e.id} onClick={() => void test(e)}>
                          Send test<span class="visually-hidden"> event to {e.url}</span>
                        </button>
                        <button type="button" class="button button-small" disabled={busy === e.id} onClick={() => void toggle(e)}>
                          {e.enabled ? 'Turn off' : 'Turn on'}
                          <span class="visually-hidden"> the webhook to {e.url}</span>
                        </button>
                        <button type="button" class="button button-small" disabled={busy === e.id} onClick={() => void rotate(e)}>
                          New secret<span class="visually-hidden"> for {e.url}</span>
                        </button>
                        <button type="button" class="button button-small button-quiet" disabled={busy === e.id} onClick={() => setDeleting(e.id)}>
                          Delete<span class="visually-hidden"> the webhook to {e.url}</span>
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </Loadable>
      </section>

      {chosen ? <WebhookDeliveries siteId={site.id} endpoint={chosen} version={logVersion} /> : null}

      {hooks.data ? (
        <section class="card" aria-labelledby="add-webhook-title">
          <h2 id="add-webhook-title">Add a webhook</h2>
          <AddWebhookForm
            siteId={site.id}
            events={hooks.data.events}
            allowPrivate={hooks.data.allowPrivate}
            onAdded={(endpoint, secret) => {
              hooks.update((list) => ({ ...list, endpoints: [endpoint, ...list.endpoints] }));
              setShown({ url: endpoint.url, secret });
              announce(`Added the webhook to ${endpoint.url}. Copy its signing secret now: it is shown only once.`);
              window.scrollTo({ top: 0 });
            }}
          />
        </section>
      ) : null}
    </div>
  );
}
