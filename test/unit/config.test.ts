import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config.ts';

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
      akismetKey: undefined,
      akismetEndpoint: 'https://rest.akismet.com',
      listingCacheBytes: 32 * 1024 * 1024,
    });
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
