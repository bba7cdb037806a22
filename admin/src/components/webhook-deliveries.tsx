import { listWebhookDeliveries } from '../api/endpoints.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../api/models.ts';
import { useResource } from '../lib/use-resource.ts';
import { DataTable } from './data-table.tsx';
import { Loadable } from './loadable.tsx';
import { RelativeTime } from './relative-time.tsx';

const STATUS: Record<WebhookDelivery['status'], { label: string; chip: string }> = {
  delivered: { label: 'Delivered', chip: 'chip-approved' },
  queued: { label: 'Waiting', chip: 'chip-pending' },
  failed: { label: 'Failed', chip: 'chip-rejected' },
};

/** The delivery log of one endpoint: each event, how many attempts, the last answer, the next retry. */
export function WebhookDeliveries({ siteId, endpoint, version }: { siteId: string; endpoint: WebhookEndpoint; version: number }) {
  const log = useResource((signal) => listWebhookDeliveries(siteId, endpoint.id, signal), [siteId, endpoint.id, version]);
  return (
    <section class="webhook-log" aria-labelledby="webhook-log-title">
      <div class="section-head">
        <h2 id="webhook-log-title">
          Deliveries to <span class="break">{endpoint.url}</span>
        </h2>
        <button type="button" class="button button-small" onClick={log.reload} disabled={log.loading}>
          Refresh<span class="visually-hidden"> the deliveries</span>
        </button>
      </div>
      <Loadable resource={log} what="the deliveries" isEmpty={(list) => list.length === 0} empty="Nothing sent yet. Events appear here as they happen; “Send test” sends one now.">
        {(list) => (
          <DataTable columns={['Event', 'Status', 'Created', 'Attempts', 'Response', 'Error', 'Next retry']} caption={`Deliveries to ${endpoint.url}, newest first`} class="webhook-deliveries">
            {list.map((d) => (
              <tr key={d.id}>
                <td data-label="Event">
                  <code>{d.event}</code>
                </td>
                <td data-label="Status">
                  <span class={`chip ${STATUS[d.status].chip}`}>{STATUS[d.status].label}</span>
                </td>
                <td data-label="Created">
                  <RelativeTime value={d.createdAt} />
                </td>
                <td data-label="Attempts">{d.attempts}</td>
                <td data-label="Response" data-testid="response-code">
                  {d.responseStatus ?? <span class="muted">none</span>}
                  {d.responseSnippet ? <span class="muted webhook-snippet"> {d.responseSnippet}</span> : null}
                </td>
                <td data-label="Error">{d.error ? <span class="break">{d.error}</span> : <span class="muted">—</span>}</td>
                <td data-label="Next retry">{d.nextAttemptAt ? <RelativeTime value={d.nextAttemptAt} /> : <span class="muted">—</span>}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loadable>
    </section>
  );
}
