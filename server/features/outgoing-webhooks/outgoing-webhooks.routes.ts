import { Hono } from 'hono';
import { z } from 'zod';
import { atomic, changesOf } from '../../../db/atomic.ts';
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { auditStatement } from '../../audit.ts';
import { AppError } from '../../errors.ts';
import { jsonBody, queryOf } from '../../http/typed-validators.ts';
import { newId } from '../../ids.ts';
import { requireOwner } from '../editors/index.ts';
import { urlProblem } from './address-guard.ts';
import { findDelivery, listDeliveries } from './deliveries.repo.ts';
import { deliverNow, type WebhookTransport } from './delivery.ts';
import { deleteEndpointStatement, type EndpointChange, findEndpoint, insertEndpointStatement, listEndpoints, type PublicEndpointRow, updateEndpointStatement } from './endpoints.repo.ts';
import { deliveryJson, endpointJson } from './webhook-json.ts';
import { testEventStatement } from './events.repo.ts';
import { newSigningSecret } from './signing.ts';

/** Endpoints one site may have: enough for a chat channel, an automation tool and a few more. */
export const MAX_ENDPOINTS_PER_SITE = 20;

const events = z
  .array(z.enum(WEBHOOK_EVENTS, { error: `Events must be among ${WEBHOOK_EVENTS.join(', ')}.` }))
  .min(1, 'Choose at least one event.')
  .transform((list) => [...new Set(list)]);
const url = z.string({ error: 'URL is required.' }).trim().min(1, 'URL is required.').max(2000, 'URL must be at most 2,000 characters.');
const format = z.enum(WEBHOOK_FORMATS, { error: 'Format must be standard or slack.' });

const newEndpoint = z.object({ url, events, format: format.default('standard') }).strict();
const endpointPatch = z.object({ url, events, format, enabled: z.boolean({ error: 'Enabled must be true or false.' }) }).partial().strict();
const logQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const transportOf = (c: { var: AppEnv['Variables'] }): WebhookTransport => c.var.deps.webhooks ?? { allowPrivate: false };

/** The URL as stored, or a 400 naming what is wrong (the SSRF rules of address-guard.ts). */
function checkedUrl(raw: string, allowPrivate: boolean): string {
  const problem = urlProblem(raw, allowPrivate);
  if (problem) throw new AppError('invalid_request', problem, { url: problem });
  return new URL(raw).href;
}

function requireFound(endpoint: PublicEndpointRow | undefined): PublicEndpointRow {
  if (!endpoint) throw new AppError('not_found', 'There is no such webhook on this site.');
  return endpoint;
}

/**
 * A site's outgoing webhooks under /api/v1/admin/sites/:site/webhooks: owners only, because an
 * endpoint receives every comment and subscriber address of the site.
 */
export function outgoingWebhooksRoutes() {
  return new Hono<AppEnv>()
    .use('/webhooks', requireOwner)
    .use('/webhooks/*', requireOwner)
    .get('/webhooks', async (c) => {
      const rows = await listEndpoints(c.var.deps.db, c.var.site.id);
      return c.json({ endpoints: rows.map(endpointJson), events: WEBHOOK_EVENTS, allowPrivate: transportOf(c).allowPrivate });
    })
    .post('/webhooks', jsonBody(newEndpoint), async (c) => {
      const { db, now } = c.var.deps;
      const site = c.var.site;
      const input = c.req.valid('json');
      const target = checkedUrl(input.url, transportOf(c).allowPrivate);
      if ((await listEndpoints(db, site.id)).length >= MAX_ENDPOINTS_PER_SITE) {
        throw new AppError('conflict', `A site can have at most ${MAX_ENDPOINTS_PER_SITE} webhooks. Delete one first.`);
      }
      const at = now();
      const row = { id: newId(), siteId: site.id, url: target, events: JSON.stringify(input.events), format: input.format, secret: newSigningSecret(), enabled: true, disabledReason: null, failureStreak: 0, createdAt: at, updatedAt: at };
      await atomic(db, [insertEndpointStatement(db, row), auditStatement(db, c.var.session.editor, { siteId: site.id, action: 'webhook.create', target: target }, at)]);
      // The secret is answered this once; afterwards only a new one can be made (rotate).
      return c.json({ endpoint: endpointJson(row), secret: row.secret }, 201);
    })
    .patch('/webhooks/:id', jsonBody(endpointPatch), async (c) => {
      const { db, now } = c.var.deps;
      const site = c.var.site;
      const endpoint = requireFound(await findEndpoint(db, site.id, c.req.param('id')));
      const input = c.req.valid('json');
      const change: EndpointChange = {
        ...(input.url !== undefined ? { url: checkedUrl(input.url, transportOf(c).allowPrivate) } : {}),
        ...(input.events !== undefined ? { events: JSON.stringify(input.events) } : {}),
        ...(input.format !== undefined ? { format: input.format } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      };
      const at = now();
      await atomic(db, [
        updateEndpointStatement(db, site.id, endpoint.id, change, at),
        auditStatement(db, c.var.session.editor, { siteId: site.id, action: 'webhook.update', target: `${endpoint.url} ${Object.keys(change).join(',')}` }, at),
      ]);
      return c.json({ endpoint: endpointJson(requireFound(await findEndpoint(db, site.id, endpoint.id))) });
    })
    .delete('/webhooks/:id', async (c) => {
      const { db, now } = c.var.deps;
      const site = c.var.site;
      const endpoint = requireFound(await findEndpoint(db, site.id, c.req.param('id')));
      const at = now();
      const [deleted] = await atomic(db, [deleteEndpointStatement(db, site.id, endpoint.id), auditStatement(db, c.var.session.editor, { siteId: site.id, action: 'webhook.delete', target: endpoint.url }, at)]);
      if (changesOf(deleted) === 0) throw new AppError('not_found', 'There is no such webhook on this site.');
      return c.json({ deleted: true });
    })
    .post('/webhooks/:id/secret', async (c) => {
      const { db, now } = c.var.deps;
      const site = c.var.site;
      const endpoint = requireFound(await findEndpoint(db, site.id, c.req.param('id')));
      const secret = newSigningSecret();
      const at = now();
      await atomic(db, [
        updateEndpointStatement(db, site.id, endpoint.id, { secret }, at),
        auditStatement(db, c.var.session.editor, { siteId: site.id, action: 'webhook.rotate-secret', target: endpoint.url }, at),
      ]);
      return c.json({ secret });
    })
    .post('/webhooks/:id/test', async (c) => {
      const { db, now, publicUrl } = c.var.deps;
      const site = c.var.site;
      const endpoint = requireFound(await findEndpoint(db, site.id, c.req.param('id')));
      const id = `msg_${newId(24)}`;
      await atomic(db, [testEventStatement(db, { id, endpointId: endpoint.id, now: now() })]);
      // Sent while the owner waits (at most one attempt timeout), so the answer shows the result.
      await deliverNow(db, id, { ...transportOf(c), now, publicUrl });
      return c.json({ delivery: deliveryJson((await findDelivery(db, id))!) });
    })
    .get('/webhooks/:id/deliveries', queryOf(logQuery), async (c) => {
      const { db } = c.var.deps;
      const endpoint = requireFound(await findEndpoint(db, c.var.site.id, c.req.param('id')));
      const rows = await listDeliveries(db, endpoint.id, c.req.valid('query').limit);
      return c.json({ deliveries: rows.map(deliveryJson) });
    });
}
