import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlDecodeText, base64urlEncode, constantTimeEqual, hmacHex, newToken, sha256Hex, signToken, verifyToken } from '../../../server/crypto.ts';
import { nodeHashing } from '../../../server/entry/node-hashing.ts';

describe('server/crypto', () => {
  it('base64url round-trips bytes and text, without padding or +/', () => {
    const bytes = Uint8Array.from([251, 255, 191, 0, 1]);
    const encoded = base64urlEncode(bytes);
    expect(encoded).toBe('-_-_AAE');
    expect([...base64urlDecode(encoded)]).toEqual([...bytes]);
    expect(base64urlDecodeText(base64urlEncode('["é",1]'))).toBe('["é",1]');
    expect(() => base64urlDecode('not base64!')).toThrow();
  });

  it('compares strings and bytes, refusing any difference in content or length', () => {
    expect(constantTimeEqual('abcd', 'abcd')).toBe(true);
    expect(constantTimeEqual('abcd', 'abce')).toBe(false);
    expect(constantTimeEqual('abcd', 'abc')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual(Uint8Array.from([1, 2]), Uint8Array.from([1, 2]))).toBe(true);
    expect(constantTimeEqual(Uint8Array.from([1, 2]), Uint8Array.from([1, 3]))).toBe(false);
  });

  it('answers the same hex as the Node port, for every secret it has cached', async () => {
    for (const secret of ['a', 'b', 'a']) {
      expect(await hmacHex(secret, 'value')).toBe(nodeHashing.hmacHex(secret, 'value'));
    }
    expect(await sha256Hex('value')).toBe(nodeHashing.sha256Hex('value'));
  });

  it('verifies tokens signed before the move (links already in mailboxes keep working)', async () => {
    // Made by the former server/mail/signed-token.ts with secret 's3cret'.
    const old = 'eyJwIjoiY29uZmlybSIsInMiOiJzdWIxIiwiZSI6MTkwMDAwMDAwMDAwMCwiZCI6WyJhIiwiYiJdfQ.__6jKaQNRNsmQ_Y7884Vd6a8TqWHRWynFftdYt10Td4';
    const claims = { p: 'confirm', s: 'sub1', e: 1_900_000_000_000, d: ['a', 'b'] };
    expect(await signToken('s3cret', claims)).toBe(old);
    expect(await verifyToken('s3cret', old, 'confirm', 0)).toEqual(claims);
  });

  it('refuses a token that is altered, for another purpose, expired, or made up', async () => {
    const token = await signToken('s3cret', { p: 'confirm', s: 'sub1', e: 1000 });
    const [body, mac] = token.split('.');
    const forged = base64urlEncode(JSON.stringify({ p: 'confirm', s: 'sub2', e: 1000 }));
    expect(await verifyToken('s3cret', token, 'confirm', 999)).toBeDefined();
    expect(await verifyToken('s3cret', `${forged}.${mac}`, 'confirm', 999)).toBeUndefined();
    expect(await verifyToken('other', token, 'confirm', 999)).toBeUndefined();
    expect(await verifyToken('s3cret', token, 'unsubscribe', 999)).toBeUndefined();
    expect(await verifyToken('s3cret', token, 'confirm', 1000)).toBeUndefined();
    expect(await verifyToken('s3cret', `${body}.${mac}.x`, 'confirm', 999)).toBeUndefined();
    expect(await verifyToken('s3cret', '%%%.%%%', 'confirm', 999)).toBeUndefined();
    expect(newToken()).toMatch(/^[\w-]{43}$/);
  });
});
