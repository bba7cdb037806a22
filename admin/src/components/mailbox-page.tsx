import { useEffect, useRef, useState } from 'preact/hooks';
import { listMailbox } from '../api/endpoints.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { plural } from '../lib/lines.ts';
import { mailboxHref, navigate } from '../lib/routes.ts';
import { useResource } from '../lib/use-resource.ts';
import { Loadable } from './loadable.tsx';
import { MailMessage } from './mail-message.tsx';
import { MailStatusChip } from './mail-status-chip.tsx';
import { RelativeTime } from './relative-time.tsx';

/** While messages wait in the outbox, the list refreshes this often. */
const POLL_MS = 2000;

/**
 * The development mailbox and sent log: the site's newest outbox messages. Choosing one shows it
 * beside the list (on a phone, instead of the list, with a way back).
 */
export function MailboxPage({ to, id }: { to: string; id: string }) {
  const { site } = useDashboard();
  const mailbox = useResource((signal) => listMailbox({ site: site.id, to: to || undefined }, signal), [site.id, to]);
  const messages = mailbox.data;
  const [text, setText] = useState(to);
  const messageHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => setText(to), [to]);

  const waiting = messages?.some((m) => m.status === 'queued') ?? false;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(mailbox.reload, POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, mailbox.reload]);

  // Choosing a message moves the keyboard (and a screen reader) to it.
  const lastId = useRef(id);
  useEffect(() => {
    if (id && id !== lastId.current) messageHeading.current?.focus();
    // Back to the list (on a phone): to the message just read.
    else if (!id && lastId.current) document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(lastId.current)}"]`)?.focus();
    if (messages) lastId.current = id;
  }, [id, messages !== undefined]);

  const selected = messages?.find((m) => m.id === id) ?? null;

  return (
    <div class="page">
      <div class="page-head">
        <h1 tabIndex={-1}>Mailbox</h1>
        <p class="page-sub muted">The newest emails Parley queued for {site.name}: confirmations, newsletters, story updates, reply notifications and tests.</p>
      </div>
      <p class="alert alert-info mailbox-note">
        Without <code>RESEND_API_KEY</code>, Parley sends no email: each message is kept here instead, with the status <strong>local</strong>, so you can open
        confirm and unsubscribe links while developing. With a key, this is the log of what was sent.
      </p>

      <form
        class="filters"
        role="search"
        aria-label="Filter the mailbox"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(mailboxHref({ to: text.trim().toLowerCase() }));
        }}
      >
        <div class="field">
          <label for="mailbox-to">Recipient</label>
          <input id="mailbox-to" type="email" autoComplete="off" spellcheck={false} value={text} placeholder="name@example.com" onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <div class="field field-submit">
          <button type="submit" class="button">
            Filter
          </button>
          {to ? (
            <a class="button button-quiet" href={mailboxHref()}>
              Show everyone
            </a>
          ) : null}
          <button type="button" class="button button-quiet" disabled={mailbox.loading} onClick={mailbox.reload}>
            Refresh
          </button>
        </div>
      </form>

      <Loadable
        resource={mailbox}
        what="the mailbox"
        isEmpty={(list) => list.length === 0}
        empty={to ? `No email to ${to}.` : 'No email yet. Confirmations, newsletters and notifications appear here as they are queued.'}
      >
        {(list) => (
          <div class={`mailbox${selected ? ' has-selection' : ''}`}>
            <section class="mail-list" aria-labelledby="mail-list-title">
              <h2 id="mail-list-title" class="visually-hidden">
                {plural(list.length, 'message')}
                {to ? ` to ${to}` : ''}, newest first
              </h2>
              <ul>
                {list.map((m) => (
                  <li key={m.id}>
                    <a class="mail-item" href={mailboxHref({ to, id: m.id })} aria-current={m.id === id ? 'true' : undefined} data-message-id={m.id}>
                      <span class="mail-item-top">
                        <span class="mail-to break">{m.to}</span>
                        <RelativeTime value={m.createdAt} />
                      </span>
                      <span class="mail-subject break">{m.subject}</span>
                      <span class="mail-item-chips">
                        <span class="chip chip-quiet">{m.kind}</span>
                        <MailStatusChip status={m.status} />
                      </span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
            <div class="mail-view">
              {selected ? (
                <>
                  <p class="back-link mail-back">
                    <a href={mailboxHref({ to })}>← All messages</a>
                  </p>
                  <MailMessage key={selected.id} message={selected} headingRef={messageHeading} />
                </>
              ) : (
                <p class="empty mail-empty">{id ? 'That message is no longer among the newest 100.' : 'Choose a message to read it.'}</p>
              )}
            </div>
          </div>
        )}
      </Loadable>
    </div>
  );
}
