import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { isPublicAddress } from '../features/outgoing-webhooks/index.ts';

/**
 * The fetch outgoing webhooks use on Node: a plain POST over node:http(s) whose connection may
 * only go to public addresses. The check sits in the socket's own DNS lookup, so the address
 * checked is the address connected to: a receiver's name cannot be re-pointed at 127.0.0.1
 * between the delivery's check and the connection (DNS rebinding). Redirects are never followed.
 * `allowed` is for tests, which have only loopback to connect to.
 */
export function publicOnlyFetch(allowed: (address: string) => boolean = isPublicAddress): typeof fetch {
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.find((a) => !allowed(a.address));
      if (refused || addresses.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves to ${refused?.address ?? 'nothing'}, a private or reserved address`), { code: 'EADDRNOTPUBLIC' }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = typeof init.body === 'string' ? init.body : '';
    return new Promise<Response>((resolve, reject) => {
      const req = send(url, { method: init.method ?? 'POST', headers: { ...(init.headers as Record<string, string>), 'Content-Length': String(Buffer.byteLength(body)) }, lookup, signal: init.signal ?? undefined }, (res) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        // A Response with status 1xx/204/304 takes no body; the others stream what came.
        const status = res.statusCode ?? 0;
        const noBody = status === 204 || status === 304 || status < 200;
        if (noBody) res.resume();
        resolve(new Response(noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status: status < 200 || status > 599 ? 502 : status, headers }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }) as typeof fetch;
}
