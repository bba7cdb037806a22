import { solve } from '../support/spam-proof.ts';
import { type ContractTarget, OWNER, PUBLIC_URL } from './target.ts';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** JSON over HTTP to a contract target, as the widget and the dashboard talk to the server. */
export class Client {
  constructor(
    private readonly target: () => ContractTarget,
    private readonly auth: Record<string, string> = {},
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const init: RequestInit = { method, headers: { ...this.auth, ...headers } };
    if (typeof body === 'string') init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'Content-Type': 'application/json', ...init.headers };
    }
    const res = await this.target().fetch(new Request(new URL(path, PUBLIC_URL), init));
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get(path: string, headers?: Record<string, string>): Promise<Answer> {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
    return this.request('POST', path, body, headers);
  }

  /** A solved form token and proof of work from a challenge endpoint, as the widget sends them. */
  async proof(challengePath: string): Promise<{ formToken: string; pow: string }> {
    const res = await this.get(challengePath);
    if (res.status !== 200 || !res.body.enabled) throw new Error(`no challenge at ${challengePath}: ${res.status} ${JSON.stringify(res.body)}`);
    return { formToken: res.body.formToken, pow: await solve(res.body.challenge) };
  }

  /** The same session without its CSRF token, as a forged cross-site request would be. */
  withoutCsrf(): Client {
    const { 'X-CSRF-Token': _dropped, ...rest } = this.auth;
    return new Client(this.target, rest);
  }

  /** Signs in as the owner through the API (challenge, a moment's pause, password). */
  async signIn(): Promise<Client> {
    const proof = await this.proof('/api/v1/admin/session/challenge');
    // Sign-in refuses forms filled faster than a second.
    await this.target().elapse(1100);
    const res = await this.post('/api/v1/admin/session', { email: OWNER.email, password: OWNER.password, ...proof });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
    const cookie = res.headers.get('Set-Cookie')!.split(';')[0]!;
    return new Client(this.target, { Cookie: cookie, 'X-CSRF-Token': res.body.csrfToken });
  }
}
