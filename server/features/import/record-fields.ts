import { decodeHTML } from 'entities';
import { emailAddress } from '../../http/email-address.ts';
import type { PageKeyMode } from './import-model.ts';
import type { XmlNode } from './xml-records.ts';

/** The first child element called `name`, if any. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/**
 * The trimmed text of a child element, or undefined when it is missing or blank. Exports pad
 * values with newlines and indentation (a pretty-printed Disqus file pads every one).
 */
export function field(node: XmlNode | undefined, name: string): string | undefined {
  const value = node && child(node, name)?.text.trim();
  return value ? value : undefined;
}

// As the comment form: control characters (other than tab and newline) and bidi overrides go.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;
const MAX_NAME = 80;
const MAX_TITLE = 300;
const MAX_KEY = 500;
const MAX_URL = 2048;

/** Cuts to `max` characters as readers count them (code points), never inside a surrogate pair. */
function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? chars.slice(0, max).join('') : s;
}

/**
 * Names and titles are plain text in Parley, but WordPress stores them HTML-escaped ("Q&amp;A")
 * and Disqus titles often are too, so character references are decoded once. The result is
 * text: it is escaped wherever it is shown, like any name a reader types.
 */
function plain(raw: string | undefined): string | undefined {
  return raw === undefined ? undefined : decodeHTML(raw);
}

/** A display name as the comment form would take it; "Anonymous" when the export has none. */
export function authorName(...candidates: (string | undefined)[]): string {
  for (const c of candidates) {
    const clean = plain(c)?.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
    if (clean) return cut(clean, MAX_NAME);
  }
  return 'Anonymous';
}

/** The address, lower-cased, when it is one the comment form would accept; otherwise none. */
export function authorEmail(raw: string | undefined): string | null {
  const parsed = emailAddress.safeParse(raw?.trim() ?? '');
  return parsed.success ? parsed.data.toLowerCase() : null;
}

export function pageTitle(raw: string | undefined): string | null {
  const clean = plain(raw)?.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  return clean ? cut(clean, MAX_TITLE) : null;
}

/** The link when it is an http(s) address (fragment dropped), else null. */
export function pageUrl(link: string | undefined): URL | null {
  if (!link) return null;
  try {
    const url = new URL(link.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href.length <= MAX_URL ? url : null;
  } catch {
    return null;
  }
}

/**
 * The page key the widget will ask for: by default the link's path and query (`/2014/story/`,
 * `/?p=4`), which survives a change of domain; or the whole URL; or the source's own identifier
 * (Disqus `<id>`), falling back to the path when that is empty.
 */
export function pageKey(mode: PageKeyMode, url: URL | null, identifier: string | undefined): string | undefined {
  let key: string | undefined;
  if (mode === 'identifier' && identifier) key = identifier;
  else if (url) key = mode === 'url' ? url.href : `${url.pathname}${url.search}`;
  else if (identifier && mode !== 'url') key = identifier;
  const clean = key?.replace(CONTROL, '').trim();
  return clean ? cut(clean, MAX_KEY) : undefined;
}

/** A time in ms from an ISO 8601 date, or from WordPress's "YYYY-MM-DD hh:mm:ss" read as UTC. */
export function parseTime(raw: string | undefined): number | undefined {
  if (!raw || raw.startsWith('0000-00-00')) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(raw) ? `${raw.replace(' ', 'T')}Z` : raw;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A stable id for a comment the export gives none, so a second import still recognises it. */
export async function contentId(...parts: (string | number | null | undefined)[]): Promise<string> {
  const bytes = new TextEncoder().encode(parts.map((p) => String(p ?? '')).join('\u0000'));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `sha256:${[...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
