import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import { getOwnAlerts, saveOwnAlerts } from '../api/endpoints.ts';
import type { AlertChoice, SiteAlerts } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { useResource } from '../lib/use-resource.ts';
import { FormField } from './form-field.tsx';
import { Loadable } from './loadable.tsx';

const DIGESTS: { value: AlertChoice['digest']; label: string }[] = [
  { value: 'off', label: 'Off' },
  { value: 'hourly', label: 'Hourly' },
  { value: 'daily', label: 'Daily, at 08:00 your time' },
];

/** The browser's zone (what "your time" means), UTC where the browser does not say. */
const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const choiceOf = (s: SiteAlerts): AlertChoice => ({ site: s.site.id, digest: s.digest, flagged: s.flagged });

/**
 * The signed-in editor's email alerts, per site: a digest of the moderation queue and an email
 * when readers report a comment. Off until chosen; every email has a one-click unsubscribe.
 */
export function AlertsCard() {
  const { sites, announce } = useDashboard();
  const alerts = useResource((signal) => getOwnAlerts(signal), []);
  const [draft, setDraft] = useState<AlertChoice[]>([]);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (alerts.data) setDraft(alerts.data.map(choiceOf));
  }, [alerts.data]);

  const change = (site: string, patch: Partial<AlertChoice>) => {
    setSaved(false);
    setDraft((current) => current.map((c) => (c.site === site ? { ...c, ...patch } : c)));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const answer = await saveOwnAlerts(draft, zone);
      alerts.update(() => answer);
      setSaved(true);
      announce('Your email alerts were saved.');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const threshold = (id: string) => sites.find((s) => s.id === id)?.flagThreshold;
  const zone = browserZone();

  return (
    <section class="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Email alerts</h2>
      <p class="muted">
        Emails to you about each site you moderate. A queue digest lists the oldest comments waiting for review, with links to the queue, and is not sent
        when nothing waits. Every alert email has a link to stop it in one click.
      </p>
      <Loadable resource={alerts} what="your alerts" isEmpty={(d) => d.length === 0} empty="There are no sites yet.">
        {(loaded) => (
          <form class="stack" onSubmit={submit} noValidate>
            {loaded.map((s) => {
              const choice = draft.find((c) => c.site === s.site.id) ?? choiceOf(s);
              const id = `alerts-${s.site.id}`;
              const reports = threshold(s.site.id);
              return (
                <div class="alerts-site" key={s.site.id} role="group" aria-labelledby={`${id}-name`}>
                  <h3 class="alerts-site-name" id={`${id}-name`}>
                    <bdi>{s.site.name}</bdi>
                  </h3>
                  <FormField
                    id={`${id}-digest`}
                    label="Queue digest"
                    help={
                      choice.digest !== 'daily'
                        ? undefined
                        : s.digest === 'daily' && s.timeZone !== zone
                          ? `Now at 08:00 in ${s.timeZone}; saving moves it to 08:00 in ${zone}.`
                          : `At 08:00 in ${zone}, with what waited overnight.`
                    }
                  >
                    {(helpIds) => (
                      <select id={`${id}-digest`} aria-describedby={helpIds.join(' ') || undefined} value={choice.digest} onChange={(e) => change(s.site.id, { digest: e.currentTarget.value as AlertChoice['digest'] })}>
                        {DIGESTS.map((d) => (
                          <option key={d.value} value={d.value}>
                            {d.label}
                          </option>
                        ))}
                      </select>
                    )}
                  </FormField>
                  <label class="choice">
                    <input type="checkbox" id={`${id}-flagged`} checked={choice.flagged} onChange={(e) => change(s.site.id, { flagged: e.currentTarget.checked })} />
                    <span>
                      Email me at once when readers report a comment
                      {reports ? ` (at ${reports} ${reports === 1 ? 'report' : 'reports'}, the site's threshold)` : ''}
                    </span>
                  </label>
                </div>
              );
            })}
            {error && (
              <p class="alert alert-error" role="alert">
                {error}
              </p>
            )}
            {saved && <p class="alert alert-info">Your email alerts were saved.</p>}
            <div>
              <button type="submit" class="button button-primary" disabled={busy}>
                {busy ? 'Saving…' : 'Save alerts'}
              </button>
            </div>
          </form>
        )}
      </Loadable>
    </section>
  );
}
