/**
 * An http(s) URL fit to put in an `href` or `src`, or undefined. Anything else (javascript:,
 * data:, relative paths, credentials in the URL) is refused rather than repaired: values that
 * reach here come from someone else's server and end up in every reader's browser.
 */
export function httpUrl(value: unknown, maxLength = 2048): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  return url.href;
}
