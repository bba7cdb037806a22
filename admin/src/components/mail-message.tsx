import type { Ref } from 'preact';
import type { MailMessage as Message } from '../api/models.ts';
import { absoluteTime } from '../lib/time.ts';
import { LinkedText } from './linked-text.tsx';
import { MailStatusChip } from './mail-status-chip.tsx';

/**
 * One email as it was (or would have been) sent: its details, the text part with its links
 * clickable, and the HTML part in a sandboxed frame: no scripts, no forms, no navigation of this
 * page, and an origin of its own.
 */
export function MailMessage({ message, headingRef }: { message: Message; headingRef: Ref<HTMLHeadingElement> }) {
  return (
    <article class="mail-message" aria-labelledby="mail-subject">
      <h2 id="mail-subject" tabIndex={-1} ref={headingRef} class="break">
        {message.subject}
      </h2>
      <dl class="mail-meta">
        <div>
          <dt>To</dt>
          <dd class="break">{message.to}</dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd>{message.kind}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <MailStatusChip status={message.status} />
            {message.attempts > 1 ? <span class="muted"> after {message.attempts} attempts</span> : null}
          </dd>
        </div>
        <div>
          <dt>Queued</dt>
          <dd>{absoluteTime(message.createdAt)}</dd>
        </div>
        {message.sentAt ? (
          <div>
            <dt>{message.status === 'local' ? 'Kept' : 'Sent'}</dt>
            <dd>{absoluteTime(message.sentAt)}</dd>
          </div>
        ) : null}
        {message.lastError ? (
          <div class="mail-error">
            <dt>Last error</dt>
            <dd class="break">{message.lastError}</dd>
          </div>
        ) : null}
      </dl>

      <section aria-labelledby="mail-text-title">
        <h3 id="mail-text-title">Text part</h3>
        <pre class="mail-text" data-testid="mail-text">
          <LinkedText text={message.text} />
        </pre>
      </section>
      <section aria-labelledby="mail-html-title">
        <h3 id="mail-html-title">HTML part</h3>
        <iframe class="mail-html" sandbox="" srcdoc={message.html} title={`HTML part of “${message.subject}”`} referrerpolicy="no-referrer" />
      </section>
    </article>
  );
}
