/**
 * What this browser remembers about its reader, in the article page's own storage (first party,
 * no cookies): a random reader id, the edit tokens of comments written here, and up-votes given.
 * Storage may be blocked; then everything still works for this visit.
 */
const get = (key: string): string | null => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const set = (key: string, value: string | null): void => {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* blocked storage: remembered for this page view only */
  }
};

let readerId = get('parley:reader');
/** A random id telling this browser from others behind the same address (sent as X-Parley-Reader). */
export function reader(): string {
  if (!readerId) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    readerId = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
    set('parley:reader', readerId);
  }
  return readerId;
}

/** A stored JSON value, or null when there is none or it does not parse. */
const getJson = <T>(key: string): T | null => {
  try {
    return JSON.parse(get(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
};

/** The name and email a guest last commented with, to fill the form in next time. */
export const rememberedAuthor = (): { name: string; email: string } => ({ name: '', email: '', ...getJson('parley:author') });
export const keepAuthor = (a: { name: string; email: string }) => set('parley:author', JSON.stringify(a));

export const editToken = (id: string) => get(`parley:edit:${id}`);
export const keepEditToken = (id: string, token: string | null) => set(`parley:edit:${id}`, token);
export const voted = (id: string) => get(`parley:vote:${id}`) === '1';
export const keepVote = (id: string, on: boolean) => set(`parley:vote:${id}`, on ? '1' : null);

/**
 * The ids of this browser's comments on a page that were held for review. The shared listing
 * never shows them, so the widget asks for them apart (held-comments.ts) on every load.
 */
export const heldIds = (page: string) => getJson<string[]>(`parley:held:${site}|${page}`) ?? [];
export const keepHeld = (page: string, ids: string[]) => set(`parley:held:${site}|${page}`, ids.length ? JSON.stringify(ids) : null);

/** A signed-in reader: their bearer token and what the widget shows of them. */
export interface Session {
  token: string;
  name: string;
  kind: 'email' | 'sso';
}
let site = '';
/** Sessions are per site: a token works only on the site that issued it. */
export const forSite = (id: string) => void (site = id);
export const session = () => getJson<Session>(`parley:session:${site}`);
export const keepSession = (s: Session | null) => set(`parley:session:${site}`, s && JSON.stringify(s));
