import { base64urlDecodeText, base64urlEncode } from '../crypto.ts';
import { AppError } from '../errors.ts';

/** An opaque cursor over (createdAt, id), newest first: the admin queues and the audit log. */
export interface TimeCursor {
  createdAt: number;
  id: string;
}

export function encodeTimeCursor(c: TimeCursor): string {
  return base64urlEncode(JSON.stringify([c.createdAt, c.id]));
}

export function decodeTimeCursor(value: string | undefined): TimeCursor | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(base64urlDecodeText(value));
    if (Array.isArray(parsed) && parsed.length === 2 && Number.isSafeInteger(parsed[0]) && typeof parsed[1] === 'string') {
      return { createdAt: parsed[0] as number, id: parsed[1] as string };
    }
  } catch {
    /* falls through */
  }
  throw new AppError('invalid_request', 'The cursor is not valid for this listing.', { cursor: 'Cursor is not valid.' });
}
