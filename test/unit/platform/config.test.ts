import { describe, expect, it } from 'vitest';
import { ConfigError, isLocalOrigin, parseConfig, parseDuration } from '../../../server/config.ts';

describe('parseConfig', () => {
  it('has working defaults for a laptop', () => {
    expect(parseConfig({})).toEqual({
      port: 8787,
      databasePath: './data/parley.db',
      publicUrl: 'http://localhost:8787',
      secret: undefined,
      trustProxy: false,
      adminEmail: undefined,
      adminPassword: undefined,
      resendApiKey: undefined,
      resendBaseUrl: undefined,
      resendWebhookSecret: undefined,
      mailFrom: 'Parley <parley@localhost>',
      outboxIntervalMs: 5000,
      spamDefences: true,
      webhooksAllowPrivate: false,
      akismetKey: undefined,
      akismetEndpoint: 'https://rest.akismet.com',
      demo: true,
      logLevel: 'info',
      logFormat: undefined,
      metricsToken: undefined,
      shutdownTimeoutMs: 10_000,
      backup: undefined,
      listingCacheBytes: 32 * 1024 * 1024,
    });
  });

  it('lets webhooks reach private addresses only with WEBHOOKS_ALLOW_PRIVATE=on', () => {
    expect(parseConfig({ WEBHOOKS_ALLOW_PRIVATE: 'on' }).webhooksAllowPrivate).toBe(true);
    expect(parseConfig({ WEBHOOKS_ALLOW_PRIVATE: 'off' }).webhooksAllowPrivate).toBe(false);
    expect(() => parseConfig({ WEBHOOKS_ALLOW_PRIVATE: 'sometimes' })).toThrow(/WEBHOOKS_ALLOW_PRIVATE/);
  });

  it('has the demo only on a localhost address, unless PARLEY_DEMO says otherwise', () => {
    expect(parseConfig({ PUBLIC_URL: 'http://127.0.0.1:8787' }).demo).toBe(true);
    expect(parseConfig({ PUBLIC_URL: 'http://[::1]:8787' }).demo).toBe(true);
    expect(parseConfig({ PUBLIC_URL: 'https://comments.example.com' }).demo).toBe(false);
    // A host that merely starts with "localhost" is somebody's domain.
    expect(isLocalOrigin('https://localhost.example.com')).toBe(false);
    expect(parseConfig({ PUBLIC_URL: 'https://comments.example.com', PARLEY_DEMO: 'on' }).demo).toBe(true);
    expect(parseConfig({ PARLEY_DEMO: 'off' }).demo).toBe(false);
    expect(() => parseConfig({ PARLEY_DEMO: 'sometimes' })).toThrow(/PARLEY_DEMO="sometimes"/);
  });

  it('reads durations and the backup schedule, and names what is missing', () => {
    expect([parseDuration('30s'), parseDuration('15m'), parseDuration('6h'), parseDuration('1d'), parseDuration('1500ms')]).toEqual([30_000, 900_000, 21_600_000, 86_400_000, 1500]);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseConfig({ BACKUP_DIR: '/backups', BACKUP_EVERY: '6h', BACKUP_KEEP: '4' }).backup).toEqual({ dir: '/backups', everyMs: 21_600_000, keep: 4 });
    expect(parseConfig({ BACKUP_DIR: '/backups' }).backup).toEqual({ dir: '/backups', everyMs: 86_400_000, keep: 7 });
    expect(() => parseConfig({ BACKUP_EVERY: '1h' })).toThrow(/set BACKUP_DIR/);
    expect(() => parseConfig({ BACKUP_DIR: '/b', BACKUP_EVERY: 'hourly' })).toThrow(/BACKUP_EVERY="hourly": must be a duration/);
    expect(() => parseConfig({ BACKUP_DIR: '/b', BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP="0"/);
    expect(parseConfig({ SHUTDOWN_TIMEOUT: '30s' }).shutdownTimeoutMs).toBe(30_000);
    expect(() => parseConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL="loud": must be one of/);
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('reads the listing cache budget in megabytes, and refuses one that is not a number', () => {
    expect(parseConfig({ LISTING_CACHE_MB: '8' }).listingCacheBytes).toBe(8 * 1024 * 1024);
    expect(parseConfig({ LISTING_CACHE_MB: '0' }).listingCacheBytes).toBe(0);
    expect(() => parseConfig({ LISTING_CACHE_MB: 'lots' })).toThrow(/LISTING_CACHE_MB="lots": must be a number of megabytes/);
    expect(() => parseConfig({ LISTING_CACHE_MB: '-1' })).toThrow(/LISTING_CACHE_MB/);
  });

  it('follows PORT in the default public URL, and strips a trailing slash from PUBLIC_URL', () => {
    expect(parseConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(parseConfig({ PUBLIC_URL: 'https://comments.example.com/' }).publicUrl).toBe('https://comments.example.com');
  });

  it('names every bad variable and how to fix it', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', PUBLIC_URL: 'ftp://x', TRUST_PROXY: 'maybe', PARLEY_SECRET: 'short' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="eighty": must be a number');
    expect(message).toContain('PUBLIC_URL="ftp://x"');
    expect(message).toContain('TRUST_PROXY="maybe"');
    expect(message).toContain('PARLEY_SECRET');
    expect(message).toContain('openssl rand -hex 32');
  });

  it('refuses a port out of range', () => {
    expect(() => parseConfig({ PORT: '70000' })).toThrow(/PORT="70000": must be between 0 and 65535/);
  });
});
