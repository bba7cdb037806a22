const encoder = new TextEncoder();

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of a string as hex; for tokens that are stored only as hashes. */
export async function sha256Hex(value: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(value)));
}

// Importing a key costs as much as using it; one installation has one or two secrets.
const keys = new Map<string, Promise<CryptoKey>>();

/** HMAC-SHA-256 of `value` keyed by `secret`, as hex; for IP addresses, never stored in clear. */
export async function hmacHex(secret: string, value: string): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    if (keys.size > 16) keys.clear();
    keys.set(secret, key);
  }
  return hex(await crypto.subtle.sign('HMAC', await key, encoder.encode(value)));
}
