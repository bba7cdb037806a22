/**
 * The deploy/ examples point at what the build really produces and the server really serves.
 * (The image itself is not built here: this machine's container engine cannot run containers or
 * pull the node base image; see README, "Run it in production".)
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { parseConfig } from '../../../server/config.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

it('the Dockerfile is multi-stage, runs the built bundle as a non-root user with data on a volume, and checks /api/v1/ready', () => {
  const dockerfile = read('deploy/Dockerfile');
  expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
  expect(dockerfile).toMatch(/^USER node$/m);
  expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
  expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/api\/v1\/ready/m);
  expect(dockerfile).toMatch(/npm prune --omit=dev/);
  const cmd = /^CMD \[(.*)\]$/m.exec(dockerfile)?.[1];
  expect(cmd).toContain('"dist/server/node.js"');
  // The built bundle the image runs exists after `npm run build` (the global setup builds it).
  expect(existsSync(resolve(ROOT, 'dist/server/node.js'))).toBe(true);
  // Every variable the image sets is one the server accepts.
  const env = Object.fromEntries([...dockerfile.matchAll(/^\s*(?:ENV )?([A-Z_]+)=(\S+?)\s*\\?$/gm)].map((m) => [m[1]!, m[2]!]));
  expect(Object.keys(env)).toEqual(expect.arrayContaining(['DATABASE_PATH', 'BACKUP_DIR']));
  expect(parseConfig(env).databasePath).toBe('/data/parley.db');
});

it('compose and the systemd unit keep the data on a volume and stop gracefully for longer than SHUTDOWN_TIMEOUT', () => {
  const compose = read('deploy/compose.yaml');
  expect(compose).toContain('parley-data:/data');
  expect(compose).toContain('dockerfile: deploy/Dockerfile');
  expect(compose).toMatch(/stop_grace_period: 15s/);
  expect(read('deploy/Caddyfile')).toContain('reverse_proxy parley:8787');
  const unit = read('deploy/parley.service');
  expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node --enable-source-maps dist\/server\/node\.js$/m);
  expect(unit).toMatch(/^TimeoutStopSec=15$/m);
  expect(parseConfig({}).shutdownTimeoutMs).toBeLessThan(15_000);
});
