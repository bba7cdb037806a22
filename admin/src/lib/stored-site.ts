/** The site an editor last worked on, remembered per browser. */
const KEY = 'parley.admin.site';

export function loadStoredSite(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeSite(id: string): void {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    /* private mode: not remembered */
  }
}
