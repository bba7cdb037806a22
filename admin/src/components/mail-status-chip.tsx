import type { MailStatus } from '../api/models.ts';

const TONES: Record<MailStatus, [string, string]> = {
  queued: ['chip-pending', 'Waiting in the outbox'],
  sent: ['chip-approved', 'Handed over for delivery'],
  delivered: ['chip-approved', 'Delivered'],
  failed: ['chip-rejected', 'Could not be sent'],
  local: ['chip-featured', 'Kept in this mailbox, not sent (no RESEND_API_KEY)'],
  suppressed: ['chip-quiet', 'Not sent: the address bounced or complained before'],
};

/** An outbox message's status, as the server names it, with what it means on hover. */
export function MailStatusChip({ status }: { status: MailStatus }) {
  const [tone, meaning] = TONES[status] ?? ['chip-quiet', status];
  return (
    <span class={`chip ${tone}`} title={meaning} data-status={status}>
      {status}
    </span>
  );
}
