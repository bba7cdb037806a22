import { absoluteTime, isoTime, relativeTime } from '../lib/time.ts';

/** "3 minutes ago", with the exact time on hover and for machines. */
export function RelativeTime({ value }: { value: string | number }) {
  return (
    <time dateTime={isoTime(value)} title={absoluteTime(value)}>
      {relativeTime(value)}
    </time>
  );
}
