import type { Mailer } from './mailer.ts';

/**
 * The development mailbox: without RESEND_API_KEY nothing leaves the machine. Messages stay in
 * the outbox (marked `local`, readable in the dashboard's Mailbox) and are printed, links
 * included, so every flow (confirmations, sign-in links) works on a laptop.
 */
export function localMailer(print: (line: string) => void): Mailer {
  return {
    kind: 'local',
    maxBatch: 100,
    async send(messages) {
      for (const m of messages) {
        const links = [...m.text.matchAll(/https?:\/\/\S+/g)].map((x) => x[0]);
        print(`[parley mailbox] to ${m.to}: ${m.subject}${links.length ? `\n  ${links.join('\n  ')}` : ''}`);
      }
      return { ok: true, results: messages.map((m) => ({ id: m.id, providerId: `local-${m.id}` })) };
    },
  };
}
