import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aComment, makeTestApp, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('headers of the HTML the API origin serves', () => {
  it('comments.html (readers’ HTML) runs nothing and loads nothing but avatars, and is not sniffed', async () => {
    await t.post('/api/v1/sites/news/comments', aComment({ body: 'Hello <script>alert(1)</script>' }));
    const res = await t.get('/api/v1/sites/news/comments.html?page=%2F2026%2Fstory');
    expect(res.status).toBe(200);
    const csp = res.headers.get('Content-Security-Policy')!;
    expect(csp).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain('sandbox');
    expect(csp).not.toMatch(/script-src/);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('newsletter pages, whose URLs carry tokens, send no Referer and cannot be framed', async () => {
    for (const path of ['/newsletter/confirm/not-a-token', '/newsletter/unsubscribe/not-a-token', '/newsletter/manage/not-a-token']) {
      const res = await t.get(path);
      expect(res.headers.get('Referrer-Policy'), path).toBe('no-referrer');
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
      expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    }
  });
});
