import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { challengeResponse } from './challenge.ts';

/** GET /api/v1/sites/:site/challenge, for the widget's forms (comment, report, sign-up). */
export function challengeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/challenge', (c) => challengeResponse(c, c.var.site.id, c.var.site.settings.spam));
  return app;
}
