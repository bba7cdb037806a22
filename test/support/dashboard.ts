import type { Page } from 'playwright-core';
import { solve } from './spam-proof.ts';

export interface Credentials {
  email: string;
  password: string;
}

/** The admin API as a script uses it: the session cookie on every call, the CSRF token on writes. */
export interface Admin {
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/**
 * Signs in to the admin API of the server at `baseUrl`, passing the sign-in's bot checks as the
 * dashboard does when they are on (solved challenge, then the minimum fill time).
 */
export async function adminSession(baseUrl: string, who: Credentials): Promise<{ cookie: string; csrf: string }> {
  const challenge = (await (await fetch(`${baseUrl}/api/v1/admin/session/challenge`)).json()) as any;
  let proof = {};
  if (challenge.enabled) {
    proof = { formToken: challenge.formToken, pow: await solve(challenge.challenge) };
    await new Promise((resolve) => setTimeout(resolve, challenge.minFillSeconds * 1000 + 100));
  }
  const res = await fetch(`${baseUrl}/api/v1/admin/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...who, ...proof }),
  });
  if (res.status !== 200) throw new Error(`admin sign-in failed with ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: csrfToken };
}

/** Signs in to the admin API of the server at `baseUrl`. */
export async function adminApi(baseUrl: string, who: Credentials): Promise<Admin> {
  const { cookie, csrf: csrfToken } = await adminSession(baseUrl, who);
  return {
    async request(method, path, body) {
      const r = await fetch(`${baseUrl}/api/v1/admin${path}`, {
        method,
        headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** Signs in through the dashboard's own form and waits for its navigation. */
export async function signInDashboard(page: Page, who: Credentials): Promise<void> {
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
}
