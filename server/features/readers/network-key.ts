import { type Hashing, webCryptoHashing } from '../../hashing.ts';

/**
 * The network an address belongs to, as one person controls it: an IPv4 address, or the /64 of an
 * IPv6 address (one home or phone is routinely given a whole /64, so its addresses are free to
 * rotate through). Undefined for text that is neither.
 */
export function networkOf(ip: string): string | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip;
  const bare = ip.replace(/^\[|\]$/g, '').split('%')[0]!.toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(bare) || !bare.includes(':')) return undefined;
  // An IPv4-mapped address (::ffff:192.0.2.1) is that IPv4 address.
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return mapped[1];
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  if (groups.length < 4) return undefined;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Keyed hash of the network of `ip`, for counting votes and reports once per network. It is keyed
 * with the instance secret, so the stored value cannot be joined back to an address.
 */
export async function networkKey(secret: string, ip: string | undefined, hashing: Hashing = webCryptoHashing): Promise<string> {
  return hashing.hmacHex(secret, `network:${(ip && networkOf(ip)) ?? 'unknown'}`);
}
