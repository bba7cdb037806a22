import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may go. A webhook makes this server send requests to a URL someone typed, so
 * without these checks an owner's account (or a stolen session) could make it reach what only
 * the server can: the cloud's metadata service (169.254.169.254), the database admin on
 * 127.0.0.1, the office network. Every address that is not ordinary public unicast is refused,
 * at registration and again at each delivery (a name can be re-pointed after it was checked).
 * `WEBHOOKS_ALLOW_PRIVATE=on` lifts this for a receiver on the operator's own machine or network.
 */

/** Whether an IP address (v4 or v6 text, no brackets) is public unicast, where webhooks may go. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  // ::ffff:127.0.0.1 reaches 127.0.0.1: an IPv4-mapped address is judged as the IPv4 one.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  // ipaddr.js names every special range (loopback, private, linkLocal, carrierGradeNat,
  // uniqueLocal, unspecified, multicast, reserved, 6to4 and NAT64 prefixes that embed IPv4 …);
  // only what it calls plain unicast is a public host.
  return parsed.range() === 'unicast';
}

/** Names that mean this machine or a local network whatever DNS says. */
const LOCAL_NAMES = /(^|\.)(localhost|localdomain|local|internal|intranet|lan|home\.arpa)$/i;

/** The URL's host as an address when it is a literal IP (brackets of IPv6 removed), else undefined. */
function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
}

/**
 * Why a webhook URL is refused before any lookup, or undefined when it may be registered.
 * The WHATWG URL parser has already turned 0x7f000001, 2130706433 and 127.1 into 127.0.0.1.
 */
export function urlProblem(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full URL, like https://example.com/hooks/parley.';
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    return allowPrivate ? 'The URL must start with https:// or http://.' : 'The URL must start with https:// (http:// only for local receivers, with WEBHOOKS_ALLOW_PRIVATE=on).';
  }
  if (url.username || url.password) return 'Put no user name or password in the URL: every request is signed with the endpoint secret instead.';
  if (allowPrivate) return undefined;
  const literal = literalAddress(url.hostname);
  if (literal !== undefined) return isPublicAddress(literal) ? undefined : 'Webhooks cannot go to a private, loopback or reserved address.';
  // A name without a dot is looked up through the server's search domains: the local network.
  if (!url.hostname.includes('.') || LOCAL_NAMES.test(url.hostname.replace(/\.$/, ''))) return 'Webhooks cannot go to a local host name.';
  return undefined;
}

/** Looks up a host name's addresses (Node: node:dns, given by the entry); absent where the runtime cannot. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/**
 * Why a delivery to `raw` must not be sent now, or undefined. Besides {@link urlProblem}, the name
 * is resolved where the runtime can, and refused if any address it has is private: the receiver
 * could be re-pointed at 127.0.0.1 after it was registered. (On Workers fetch cannot reach the
 * operator's private network at all; literal addresses are still checked.)
 */
export async function destinationProblem(raw: string, allowPrivate: boolean, resolveHost: ResolveHost | undefined): Promise<string | undefined> {
  const problem = urlProblem(raw, allowPrivate);
  if (problem || allowPrivate || !resolveHost) return problem;
  const { hostname } = new URL(raw);
  if (literalAddress(hostname) !== undefined) return undefined;
  let addresses: string[];
  try {
    addresses = await resolveHost(hostname);
  } catch (err) {
    return `could not resolve ${hostname}: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (addresses.length === 0) return `${hostname} has no address`;
  const refused = addresses.find((a) => !isPublicAddress(a));
  return refused === undefined ? undefined : `${hostname} resolves to ${refused}, a private or reserved address`;
}
