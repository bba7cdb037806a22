import { useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import { liftBan, listBans } from '../api/endpoints.ts';
import type { Ban } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { auditHref } from '../lib/routes.ts';
import { useResource } from '../lib/use-resource.ts';
import { AddBanForm } from './add-ban-form.tsx';
import { DataTable } from './data-table.tsx';
import { Loadable } from './loadable.tsx';
import { RelativeTime } from './relative-time.tsx';

const KIND_LABELS: Record<Ban['kind'], string> = { email: 'Email', identity: 'Reader account', ip: 'Network address' };

/** Who is banned: the author's name (from the comment that led to it), and the address or account. */
function who(ban: Ban) {
  const author = ban.comment && !ban.comment.deleted ? ban.comment.authorName : null;
  const value =
    ban.kind === 'ip' ? (
      // Only a keyed hash is stored; a short fingerprint tells two such bans apart.
      <span>
        hidden network address <span class="muted" title="Fingerprint of the stored hash">#{ban.value.slice(0, 6)}</span>
      </span>
    ) : ban.kind === 'identity' ? (
      <span>reader account</span>
    ) : (
      <span class="break">{ban.value}</span>
    );
  return (
    <div class="ban-who">
      {author ? <strong class="break">{author}</strong> : null}
      <span class={author ? 'muted' : undefined}>{value}</span>
      {ban.comment ? (
        <a class="ban-comment" href={auditHref({ comment: ban.comment.id })}>
          {ban.comment.deleted ? 'The comment (since deleted by its author)' : <>For “{ban.comment.excerpt}”{ban.comment.page ? <> on {ban.comment.page}</> : null}</>}
        </a>
      ) : null}
    </div>
  );
}

/** The site's bans: lift one, or ban an email address. */
export function BansPage() {
  const { site, announce } = useDashboard();
  const bans = useResource((signal) => listBans(site.id, signal), [site.id]);
  const [lifting, setLifting] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const table = useRef<HTMLTableElement>(null);

  const lift = async (ban: Ban, index: number) => {
    setLifting(ban.id);
    try {
      await liftBan(ban.id);
      bans.update((list) => list.filter((b) => b.id !== ban.id));
      announce(`Lifted the ban on ${ban.kind === 'ip' ? 'a network address' : ban.value}.`);
      // Keep the keyboard where it was: on the next row's button, or the heading.
      requestAnimationFrame(() => {
        const buttons = table.current?.querySelectorAll<HTMLButtonElement>('button[data-lift]');
        const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
        (next ?? heading.current)?.focus();
      });
    } catch (err) {
      announce(`Could not lift the ban: ${messageOf(err)}`, 'assertive');
    } finally {
      setLifting(null);
    }
  };

  const now = Date.now();
  return (
    <div class="page">
      <div class="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Bans
        </h1>
        <p class="page-sub muted">
          Banned commenters are {site.banAction === 'hold' ? 'held for review' : 'refused'} on {site.name}.
        </p>
      </div>

      <section class="card" aria-labelledby="add-ban-title">
        <h2 id="add-ban-title">Ban an email address</h2>
        <AddBanForm
          siteId={site.id}
          onAdded={(ban) => {
            announce(`Banned ${ban.value}.`);
            // The list shows who banned and why from the server; fetch the new row in that form.
            bans.reload();
          }}
        />
      </section>

      <section aria-labelledby="ban-list-title">
        <h2 id="ban-list-title">Current bans</h2>
        <Loadable
          resource={bans}
          what="the bans"
          isEmpty={(list) => list.length === 0}
          empty="No one is banned. Ban an author from a comment in the queue, or an email address above."
        >
          {(list) => (
            <DataTable columns={['Banned', 'Kind', 'Banned by', 'Reason', 'Since', 'Until']} actions tableRef={table}>
              {list.map((ban, index) => {
                const expired = ban.expiresAt !== null && Date.parse(ban.expiresAt) <= now;
                return (
                  <tr key={ban.id} class={expired ? 'is-expired' : undefined}>
                    <td data-label="Banned">{who(ban)}</td>
                    <td data-label="Kind">{KIND_LABELS[ban.kind]}</td>
                    <td data-label="Banned by">
                      {ban.bannedBy ? <span class="break">{ban.bannedBy.name || ban.bannedBy.email}</span> : <span class="muted">a removed editor</span>}
                    </td>
                    <td data-label="Reason">{ban.reason || <span class="muted">—</span>}</td>
                    <td data-label="Since">
                      <RelativeTime value={ban.createdAt} />
                    </td>
                    <td data-label="Until">
                      {ban.expiresAt ? (
                        expired ? (
                          <span class="chip chip-quiet">Expired</span>
                        ) : (
                          <RelativeTime value={ban.expiresAt} />
                        )
                      ) : (
                        'Permanent'
                      )}
                    </td>
                    <td class="cell-actions">
                      <button type="button" class="button button-small" data-lift disabled={lifting === ban.id} onClick={() => void lift(ban, index)}>
                        Lift<span class="visually-hidden"> the ban on {ban.kind === 'ip' ? 'this network address' : ban.value}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </Loadable>
      </section>
    </div>
  );
}
