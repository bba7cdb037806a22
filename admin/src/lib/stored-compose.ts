/** The newsletter being written, kept for this browser tab so leaving the page loses nothing. */
export interface StoredCompose {
  subject: string;
  body: string;
  /** The saved draft these words belong to, if they were saved. */
  draftId: string | null;
}

const key = (site: string) => `parley.admin.compose.${site}`;

export function loadCompose(site: string): StoredCompose | null {
  try {
    const raw = sessionStorage.getItem(key(site));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredCompose>;
    return { subject: String(value.subject ?? ''), body: String(value.body ?? ''), draftId: typeof value.draftId === 'string' ? value.draftId : null };
  } catch {
    return null;
  }
}

export function storeCompose(site: string, value: StoredCompose | null): void {
  try {
    if (value && (value.subject || value.body)) sessionStorage.setItem(key(site), JSON.stringify(value));
    else sessionStorage.removeItem(key(site));
  } catch {
    /* storage full or disabled: not remembered */
  }
}
