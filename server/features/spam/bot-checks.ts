import type { Context } from 'hono';
import { createChallenge, extractParams } from 'altcha-lib/v1';
import { z } from 'zod';
import type { AppDb } from '../../../db/client.ts';
import type { AppEnv } from '../../app-env.ts';
import { constantTimeEqual, hmacHex, newToken } from '../../crypto.ts';
import { type Hashing, webCryptoHashing } from '../../hashing.ts';
import { readJsonBody } from '../../http/json-body.ts';
import { spendOnce } from '../limits/index.ts';

/**
 * The bot checks of a public form: a signed, expiring, single-use form token (which also dates the
 * form, for the minimum fill time), a honeypot field, and an ALTCHA proof of work bound to the
 * token. Nothing here needs a cookie or a third party.
 *
 * ALTCHA's v1 challenge (SHA-256 of salt + secret number, HMAC-signed) is used rather than v2:
 * verifying it is one hash and one HMAC on any runtime, and the browser's solver is a few lines.
 */

/** How long a form token (and its proof of work) may be used after it was issued. */
export const FORM_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

/** The honeypot's field name: a tempting name for a form-filling script, hidden from people. */
export const HONEYPOT_FIELD = 'website';

/** What a client sends beside the form's own fields. Wrong types count as missing, not as 400s. */
const proofSchema = z.object({
  formToken: z.string().max(500).optional().catch(undefined),
  pow: z.string().max(4000).optional().catch(undefined),
  [HONEYPOT_FIELD]: z.unknown().optional(),
});
export type Proof = z.output<typeof proofSchema>;

/** Reads the proof fields of a JSON body the route has already parsed (readJsonBody keeps it). */
export async function readProof(c: Context<AppEnv>): Promise<Proof> {
  const raw: unknown = await readJsonBody(c).catch(() => ({}));
  const parsed = proofSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

const powKey = (secret: string) => `${secret}:altcha`;

export interface Challenge {
  formToken: string;
  challenge: { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string };
  expiresAt: string;
  /** The same, relative: a browser's clock may not agree with the server's. */
  expiresInSeconds: number;
}

/**
 * Issues a form token for `scope` (a site id, or "admin") and a proof-of-work challenge bound to
 * it: the challenge's salt names the token's nonce, so one solution serves one token only.
 */
export async function issueChallenge(secret: string, scope: string, maxnumber: number, now: number): Promise<Challenge> {
  const nonce = newToken();
  const issuedAt = now;
  const signature = await hmacHex(secret, `form:${scope}:${issuedAt}.${nonce}`);
  const expiresAt = issuedAt + FORM_TOKEN_TTL_MS;
  const challenge = await createChallenge({ hmacKey: powKey(secret), maxnumber, expires: new Date(expiresAt), params: { ft: nonce } });
  return { formToken: `${issuedAt}.${nonce}.${signature}`, challenge: { ...challenge, maxnumber }, expiresAt: new Date(expiresAt).toISOString(), expiresInSeconds: FORM_TOKEN_TTL_MS / 1000 };
}

export interface BotCheckOptions {
  db: AppDb;
  secret: string;
  scope: string;
  now: number;
  minFillSeconds: number;
  /** The runtime's hashing (WebCrypto when absent). */
  hashing?: Hashing | undefined;
}

/**
 * What is wrong with a submission's proof, as reasons for an editor (never for the sender): an
 * empty list means it passed. A token with a valid signature is spent whatever else is wrong, so
 * it cannot be used to try again.
 */
export async function botCheckFailures(proof: Proof, options: BotCheckOptions): Promise<string[]> {
  const failures: string[] = [];
  const honeypot = proof[HONEYPOT_FIELD];
  if (honeypot !== undefined && honeypot !== null && honeypot !== '') failures.push('Honeypot field filled in');

  const [issued, nonce, signature, extra] = (proof.formToken ?? '').split('.');
  const issuedAt = Number(issued);
  if (!proof.formToken) {
    failures.push('No form token');
    return failures;
  }
  const expected = nonce && Number.isSafeInteger(issuedAt) ? await (options.hashing ?? webCryptoHashing).hmacHex(options.secret, `form:${options.scope}:${issuedAt}.${nonce}`) : '';
  if (extra !== undefined || !nonce || !signature || !constantTimeEqual(signature, expected)) {
    failures.push('Forged form token');
    return failures;
  }
  if (options.now > issuedAt + FORM_TOKEN_TTL_MS) failures.push('Expired form token');
  else if (!(await spendOnce(options.db, `form:${nonce}`, issuedAt + FORM_TOKEN_TTL_MS))) failures.push('Form token used before');
  const filledIn = (options.now - issuedAt) / 1000;
  if (filledIn < options.minFillSeconds) failures.push(`Sent ${filledIn.toFixed(1)} s after the form was shown`);

  if (!proof.pow) failures.push('No proof of work');
  else if (!(await verifyProofOfWork(proof.pow, options.secret, nonce, options.now, options.hashing))) failures.push('Wrong proof of work');
  return failures;
}

// Built once: zod compiles an object schema on first use, which cost more than the check itself.
const powPayloadSchema = z.object({ algorithm: z.literal('SHA-256'), challenge: z.string().max(128), number: z.number().int().min(0), salt: z.string().max(300), signature: z.string().max(128) });

/** Checks an ALTCHA payload (base64 JSON) against the challenge issued with form token `nonce`. */
export async function verifyProofOfWork(pow: string, secret: string, nonce: string, now: number, hashing: Hashing = webCryptoHashing): Promise<boolean> {
  let payload: unknown;
  try {
    payload = JSON.parse(atob(pow));
  } catch {
    return false;
  }
  const parsed = powPayloadSchema.safeParse(payload);
  if (!parsed.success) return false;
  const params = extractParams(parsed.data);
  if (params.ft !== nonce || !(Number(params.expires) * 1000 > now)) return false;
  // Expiry is checked above against the app's clock (tests move it); altcha would use Date.now().
  // Then altcha's v1 verifySolution, step for step, through the runtime's hashing (it would use
  // WebCrypto's async round trips): the challenge is SHA-256 of the salt (ending in '&') and the
  // number, and the signature is the HMAC of that challenge.
  const salt = parsed.data.salt.endsWith('&') ? parsed.data.salt : `${parsed.data.salt}&`;
  const challenge = await hashing.sha256Hex(`${salt}${parsed.data.number}`);
  if (challenge !== parsed.data.challenge) return false;
  return constantTimeEqual(await hashing.hmacHex(powKey(secret), challenge), parsed.data.signature);
}
