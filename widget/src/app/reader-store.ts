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

export const editToken = (id: string) => get(`parley:edit:${id}`);
export const keepEditToken = (id: string, token: string | null) => set(`parley:edit:${id}`, token);
export const voted = (id: string) => get(`parley:vote:${id}`) === '1';
export const keepVote = (id: string, on: boolean) => set(`parley:vote:${id}`, on ? '1' : null);
