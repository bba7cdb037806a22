import type { DeliveryRow } from './deliveries.repo.ts';
import type { PublicEndpointRow } from './endpoints.repo.ts';

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An endpoint as the admin API answers it (never its secret). */
export function endpointJson(e: PublicEndpointRow) {
  return {
    id: e.id,
    url: e.url,
    events: JSON.parse(e.events) as string[],
    format: e.format,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    failureStreak: e.failureStreak,
    createdAt: new Date(e.createdAt).toISOString(),
    updatedAt: new Date(e.updatedAt).toISOString(),
  };
}

/** A delivery as the log shows it: what was sent, how it went, when it is tried next. */
export function deliveryJson(d: DeliveryRow) {
  return {
    id: d.id,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    responseSnippet: d.responseSnippet,
    error: d.lastError,
    createdAt: new Date(d.createdAt).toISOString(),
    lastAttemptAt: isoOrNull(d.lastAttemptAt),
    nextAttemptAt: d.status === 'queued' ? new Date(d.nextAttemptAt).toISOString() : null,
    deliveredAt: isoOrNull(d.deliveredAt),
    payload: JSON.parse(d.payload) as unknown,
  };
}
