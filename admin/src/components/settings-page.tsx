import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { getSite, updateSite } from '../api/endpoints.ts';
import type { BanAction, ModerationMode, Site, SitePatch } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { fromLines, toLines } from '../lib/lines.ts';
import { wholeNumber } from '../lib/numbers.ts';
import { FieldError } from './field-error.tsx';
import { TextField } from './form-field.tsx';
import { NumberField } from './number-field.tsx';
import { ImportCommentsForm } from './import-comments-form.tsx';
import { NewSiteForm } from './new-site-form.tsx';
import { SsoSettingsCard } from './sso-settings-card.tsx';
import { SPAM_FIELD_LABELS, type SpamDraft, type SpamField, SpamSettingsFields, spamDraftOf, spamFieldOf, spamFocusId, spamFromDraft } from './spam-settings-fields.tsx';

interface Draft {
  name: string;
  moderationMode: ModerationMode;
  allowedOrigins: string;
  flagThreshold: string;
  hideFlaggedUntilReviewed: boolean;
  autoCloseDays: string;
  banAction: BanAction;
  editWindowMinutes: string;
  edgeCacheSeconds: string;
  banned: string;
  suspect: string;
  logoUrl: string;
  accentColor: string;
  spam: SpamDraft;
}
type Field = Exclude<keyof Draft, 'spam'>;
/** What an error can be shown on: a field of this page, or one of the spam defences. */
type ErrorKey = Field | SpamField;
type Errors = Partial<Record<ErrorKey, string>>;

/** The thread settings asked as numbers, in the order the form shows them. */
const NUMBER_SETTINGS: { key: 'flagThreshold' | 'autoCloseDays' | 'editWindowMinutes' | 'edgeCacheSeconds'; unit?: string; min: number; max: number; placeholder?: string; help: string }[] = [
  { key: 'flagThreshold', min: 1, max: 1000, help: 'Reports from different readers (each network counts once) that put a published comment in Pending.' },
  { key: 'autoCloseDays', unit: 'days', min: 1, max: 3650, placeholder: 'Never', help: 'Counted from an article’s first comment. Leave empty to keep comments open.' },
  { key: 'editWindowMinutes', unit: 'minutes', min: 0, max: 1440, help: 'How long readers may edit or delete their own comment. 0 turns editing off.' },
  {
    key: 'edgeCacheSeconds',
    unit: 'seconds',
    min: 0,
    max: 300,
    help: "How long a CDN may serve comment listings, counts and new-comment checks. Others' comments may show up to twice this late. 0 turns it off.",
  },
];

const FIELD_LABELS: Record<Field, string> = {
  name: 'Site name',
  moderationMode: 'Moderation',
  allowedOrigins: 'Allowed origins',
  flagThreshold: 'Flag threshold',
  hideFlaggedUntilReviewed: 'Hide reported comments until reviewed',
  autoCloseDays: 'Close comments after',
  banAction: 'Banned commenters',
  editWindowMinutes: 'Edit window',
  edgeCacheSeconds: 'CDN cache',
  banned: 'Banned words',
  suspect: 'Suspect words',
  logoUrl: 'Logo',
  accentColor: 'Accent colour',
};

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
/** The accent colour Parley's email pages use when the site sets none. */
const DEFAULT_ACCENT = '#0b5cad';

function httpsUrlError(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' && !url.username && !url.password) return undefined;
  } catch {
    /* not a URL */
  }
  return 'The logo must be an https:// address of an image, like https://news.example.com/logo.png.';
}

const MODES: { value: ModerationMode; label: string; help: string }[] = [
  { value: 'post', label: 'Post-moderation', help: 'Comments appear at once. You review what readers flag and what the word lists hold back.' },
  { value: 'pre', label: 'Pre-moderation', help: 'Every comment waits in Pending until an editor approves it. Safest, and slowest for readers.' },
  {
    value: 'first',
    label: 'First comment held',
    help: 'A commenter’s first comment waits for approval; once one is approved, their later comments appear at once.',
  },
];

function draftOf(site: Site): Draft {
  return {
    name: site.name,
    moderationMode: site.moderationMode,
    allowedOrigins: fromLines(site.allowedOrigins),
    flagThreshold: String(site.flagThreshold),
    hideFlaggedUntilReviewed: site.hideFlaggedUntilReviewed,
    autoCloseDays: site.autoCloseDays === null ? '' : String(site.autoCloseDays),
    banAction: site.banAction,
    editWindowMinutes: String(site.editWindowMinutes),
    edgeCacheSeconds: String(site.edgeCacheSeconds),
    banned: fromLines(site.wordLists.banned),
    suspect: fromLines(site.wordLists.suspect),
    logoUrl: site.logoUrl ?? '',
    accentColor: site.accentColor ?? '',
    spam: spamDraftOf(site.spam),
  };
}

const labelOf = (key: ErrorKey): string => (Object.hasOwn(FIELD_LABELS, key) ? FIELD_LABELS[key as Field] : SPAM_FIELD_LABELS[key as SpamField]);

/** The element an error summary link focuses. */
function focusIdOf(key: ErrorKey): string {
  if (key === 'moderationMode') return 'mode-post';
  if (key === 'banAction') return 'ban-refuse';
  return Object.hasOwn(FIELD_LABELS, key) ? key : spamFocusId(key as SpamField);
}

/** Checks what the browser can, and builds the PATCH body. */
function toPatch(d: Draft): { patch: SitePatch; errors: Errors } {
  const spam = spamFromDraft(d.spam);
  const errors: Errors = { ...spam.errors };
  const flagThreshold = wholeNumber(d.flagThreshold, 1, 1000, 'The flag threshold');
  const editWindowMinutes = wholeNumber(d.editWindowMinutes, 0, 1440, 'The edit window');
  const edgeCacheSeconds = wholeNumber(d.edgeCacheSeconds, 0, 300, 'The CDN cache');
  const autoCloseDays = d.autoCloseDays.trim() === '' ? null : wholeNumber(d.autoCloseDays, 1, 3650, 'The number of days');
  if (!d.name.trim()) errors.name = 'Give the site a name.';
  if (typeof flagThreshold === 'string') errors.flagThreshold = flagThreshold;
  if (typeof editWindowMinutes === 'string') errors.editWindowMinutes = editWindowMinutes;
  if (typeof autoCloseDays === 'string') errors.autoCloseDays = autoCloseDays;
  if (typeof edgeCacheSeconds === 'string') errors.edgeCacheSeconds = edgeCacheSeconds;
  const logoUrl = d.logoUrl.trim();
  const accentColor = d.accentColor.trim();
  const logoError = logoUrl ? httpsUrlError(logoUrl) : undefined;
  if (logoError) errors.logoUrl = logoError;
  if (accentColor && !HEX_COLOUR.test(accentColor)) errors.accentColor = 'The accent colour must be a hex colour like #0b5cad.';
  return {
    errors,
    patch: {
      name: d.name.trim(),
      moderationMode: d.moderationMode,
      allowedOrigins: toLines(d.allowedOrigins),
      flagThreshold: flagThreshold as number,
      hideFlaggedUntilReviewed: d.hideFlaggedUntilReviewed,
      editWindowMinutes: editWindowMinutes as number,
      edgeCacheSeconds: edgeCacheSeconds as number,
      autoCloseDays: autoCloseDays as number | null,
      banAction: d.banAction,
      wordLists: { banned: toLines(d.banned), suspect: toLines(d.suspect) },
      logoUrl: logoUrl || null,
      accentColor: accentColor || null,
      spam: spam.spam,
    },
  };
}

/**
 * Maps the server's field paths ("allowedOrigins.2", "wordLists.banned.0", "spam.maxLinks",
 * "spam.rateLimits.comment.limit") to the form's fields.
 */
function fieldsFromServer(fields: Record<string, string>, draft: Draft): { errors: Errors; rest: string[] } {
  const errors: Errors = {};
  const rest: string[] = [];
  for (const [path, message] of Object.entries(fields)) {
    const parts = path.split('.');
    if (parts[0] === 'spam') {
      const spamField = spamFieldOf(path);
      if (spamField) errors[spamField] = errors[spamField] ? `${errors[spamField]} ${message}` : message;
      else rest.push(message);
      continue;
    }
    let field: Field | undefined;
    let index: string | undefined;
    if (parts[0] === 'wordLists') {
      field = parts[1] === 'suspect' ? 'suspect' : 'banned';
      index = parts[2];
    } else if (parts[0] && Object.hasOwn(FIELD_LABELS, parts[0])) {
      field = parts[0] as Field;
      index = parts[1];
    }
    if (!field) {
      rest.push(message);
      continue;
    }
    let text = message;
    if (index !== undefined && /^\d+$/.test(index)) {
      const raw = draft[field];
      const value = typeof raw === 'string' ? toLines(raw)[Number(index)] : undefined;
      text = value !== undefined ? `“${value}”: ${message}` : message;
    }
    errors[field] = errors[field] ? `${errors[field]} ${text}` : text;
  }
  return { errors, rest };
}

/** A site's moderation settings: owners change them, moderators read them. */
export function SettingsPage() {
  const { site, isOwner, putSite, announce } = useDashboard();
  const [saved, setSaved] = useState<Site>(site);
  const [draft, setDraft] = useState<Draft>(() => draftOf(site));
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const touched = useRef(false);

  // The list of sites may be stale (another owner); read this one afresh, without overwriting
  // anything typed meanwhile.
  useEffect(() => {
    getSite(site.id).then(
      (fresh) => {
        if (touched.current) return;
        setSaved(fresh);
        setDraft(draftOf(fresh));
      },
      () => {
        /* the copy from the list will do */
      },
    );
  }, [site.id]);

  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(saved));
  const set = <K extends Field>(field: K, value: Draft[K]) => {
    touched.current = true;
    setDraft((d) => ({ ...d, [field]: value }));
  };
  const setSpam = (update: (spam: SpamDraft) => SpamDraft) => {
    touched.current = true;
    setDraft((d) => ({ ...d, spam: update(d.spam) }));
  };
  const describedBy = (field: Field, help?: string) => [help, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  const showErrors = (next: Errors, message: string) => {
    setErrors(next);
    setFormError(message);
    requestAnimationFrame(() => summary.current?.focus());
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (!isOwner || busy) return;
    const { patch, errors: local } = toPatch(draft);
    if (Object.keys(local).length > 0) {
      showErrors(local, 'Some settings need fixing before they can be saved.');
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError('');
    try {
      const updated = await updateSite(site.id, patch);
      setSaved(updated);
      setDraft(draftOf(updated));
      putSite(updated);
      announce('Settings saved.');
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length > 0) {
        const { errors: mapped, rest } = fieldsFromServer(err.fields, draft);
        showErrors(mapped, rest.length > 0 ? rest.join(' ') : 'Some settings need fixing before they can be saved.');
      } else {
        showErrors({}, messageOf(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const fieldErrorList = (Object.entries(errors) as [ErrorKey, string][]).filter(([, m]) => m);

  return (
    <div class="page page-narrow">
      <div class="page-head">
        <h1 tabIndex={-1}>Settings</h1>
        <p class="page-sub muted">
          {saved.name} <code>{saved.id}</code>
        </p>
      </div>
      {!isOwner ? <p class="alert alert-info">Only owners can change these settings. You can read them.</p> : null}

      {formError ? (
        <div class="alert alert-error" role="alert" tabIndex={-1} ref={summary}>
          <p>{formError}</p>
          {fieldErrorList.length > 0 ? (
            <ul>
              {fieldErrorList.map(([field, message]) => (
                <li key={field}>
                  <a
                    href={`#${focusIdOf(field)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      document.getElementById(focusIdOf(field))?.focus();
                    }}
                  >
                    {labelOf(field)}
                  </a>
                  : {message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <form onSubmit={save} noValidate class="settings">
        <fieldset class="plain" disabled={!isOwner}>
          <section class="card" aria-labelledby="settings-general">
            <h2 id="settings-general">General</h2>
            <div class="field">
              <label for="name">{FIELD_LABELS.name}</label>
              <input id="name" type="text" maxLength={120} value={draft.name} aria-invalid={errors.name ? 'true' : undefined} aria-describedby={describedBy('name')} onInput={(e) => set('name', e.currentTarget.value)} />
              <FieldError id="name-error" message={errors.name} />
            </div>
            <div class="field">
              <label for="allowedOrigins">{FIELD_LABELS.allowedOrigins}</label>
              <textarea
                id="allowedOrigins"
                rows={4}
                spellcheck={false}
                autoCapitalize="off"
                value={draft.allowedOrigins}
                aria-invalid={errors.allowedOrigins ? 'true' : undefined}
                aria-describedby={describedBy('allowedOrigins', 'allowedOrigins-help')}
                onInput={(e) => set('allowedOrigins', e.currentTarget.value)}
              />
              <FieldError id="allowedOrigins-error" message={errors.allowedOrigins} />
              <p class="help" id="allowedOrigins-help">
                The sites allowed to show this widget, one per line, like <code>https://news.example.com</code>.
              </p>
            </div>
            <div class="field">
              <label for="logoUrl">{FIELD_LABELS.logoUrl} (optional)</label>
              <input
                id="logoUrl"
                type="text"
                inputMode="url"
                spellcheck={false}
                autoCapitalize="off"
                maxLength={500}
                placeholder="https://news.example.com/logo.png"
                value={draft.logoUrl}
                aria-invalid={errors.logoUrl ? 'true' : undefined}
                aria-describedby={describedBy('logoUrl', 'branding-help')}
                onInput={(e) => set('logoUrl', e.currentTarget.value)}
              />
              <FieldError id="logoUrl-error" message={errors.logoUrl} />
            </div>
            <div class="field">
              <label for="accentColor">{FIELD_LABELS.accentColor} (optional)</label>
              <div class="colour-field">
                <input
                  type="color"
                  aria-label="Pick the accent colour"
                  value={HEX_COLOUR.test(draft.accentColor.trim()) ? draft.accentColor.trim().toLowerCase() : DEFAULT_ACCENT}
                  onInput={(e) => set('accentColor', e.currentTarget.value)}
                />
                <input
                  id="accentColor"
                  type="text"
                  spellcheck={false}
                  autoCapitalize="off"
                  maxLength={7}
                  placeholder={DEFAULT_ACCENT}
                  value={draft.accentColor}
                  aria-invalid={errors.accentColor ? 'true' : undefined}
                  aria-describedby={describedBy('accentColor', 'branding-help')}
                  onInput={(e) => set('accentColor', e.currentTarget.value)}
                />
              </div>
              <FieldError id="accentColor-error" message={errors.accentColor} />
              <p class="help" id="branding-help">
                Shown, with the site name, on the pages readers reach from emails (confirm, unsubscribe, manage subscriptions).
              </p>
            </div>
          </section>

          <section class="card" aria-labelledby="settings-moderation">
            <h2 id="settings-moderation">Moderation</h2>
            <fieldset class="choices" aria-describedby={errors.moderationMode ? 'moderationMode-error' : undefined}>
              <legend>When do new comments appear?</legend>
              {MODES.map((mode) => (
                <label class="choice choice-card" key={mode.value}>
                  <input
                    type="radio"
                    id={`mode-${mode.value}`}
                    name="moderationMode"
                    value={mode.value}
                    checked={draft.moderationMode === mode.value}
                    onChange={() => set('moderationMode', mode.value)}
                  />
                  <span>
                    <strong>{mode.label}</strong>
                    <span class="help">{mode.help}</span>
                  </span>
                </label>
              ))}
              <FieldError id="moderationMode-error" message={errors.moderationMode} />
            </fieldset>

            <div class="field-row">
              {NUMBER_SETTINGS.map(({ key, unit, ...field }) => (
                <NumberField
                  key={key}
                  id={key}
                  label={unit ? `${FIELD_LABELS[key]} (${unit})` : FIELD_LABELS[key]}
                  {...field}
                  value={draft[key]}
                  error={errors[key]}
                  onInput={(value) => set(key, value)}
                />
              ))}
            </div>

            <div class="choices">
              <label class="choice">
                <input
                  type="checkbox"
                  id="hideFlaggedUntilReviewed"
                  checked={draft.hideFlaggedUntilReviewed}
                  aria-describedby="hideFlaggedUntilReviewed-help"
                  onChange={(e) => set('hideFlaggedUntilReviewed', e.currentTarget.checked)}
                />
                <span>{FIELD_LABELS.hideFlaggedUntilReviewed}</span>
              </label>
              <p class="help" id="hideFlaggedUntilReviewed-help">
                Off: a reported comment that reaches the threshold stays on the page while it waits in Pending, so a few reports cannot silence anyone. On: it leaves the page until an
                editor approves it.
              </p>
            </div>

            <fieldset class="choices" aria-describedby={errors.banAction ? 'banAction-error' : undefined}>
              <legend>{FIELD_LABELS.banAction}</legend>
              <label class="choice">
                <input type="radio" id="ban-refuse" name="banAction" value="refuse" checked={draft.banAction === 'refuse'} onChange={() => set('banAction', 'refuse')} />
                <span>
                  <strong>Refuse their comments</strong>
                  <span class="help">They are told they cannot comment on this site.</span>
                </span>
              </label>
              <label class="choice">
                <input type="radio" id="ban-hold" name="banAction" value="hold" checked={draft.banAction === 'hold'} onChange={() => set('banAction', 'hold')} />
                <span>
                  <strong>Hold their comments for review</strong>
                  <span class="help">Their comments go to Pending without telling them (a “shadow” hold).</span>
                </span>
              </label>
              <FieldError id="banAction-error" message={errors.banAction} />
            </fieldset>
          </section>

          <section class="card" aria-labelledby="settings-words">
            <h2 id="settings-words">Word lists</h2>
            <p class="help">One word or phrase per line. Matching ignores case.</p>
            <div class="field-row">
              <TextField id="banned" label={FIELD_LABELS.banned} rows={6} value={draft.banned} onInput={(value) => set('banned', value)} error={errors.banned} help="A comment containing one is refused, and the reader asked to rephrase." />
              <TextField id="suspect" label={FIELD_LABELS.suspect} rows={6} value={draft.suspect} onInput={(value) => set('suspect', value)} error={errors.suspect} help="A comment containing one is held in Pending for review." />
            </div>
          </section>

          <SpamSettingsFields draft={draft.spam} errors={errors} onChange={setSpam} />
        </fieldset>

        {isOwner ? (
          <div class="form-actions sticky-actions">
            <button type="submit" class="button button-primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save settings'}
            </button>
            <button type="button" class="button button-quiet" disabled={busy || !dirty} onClick={() => { setDraft(draftOf(saved)); setErrors({}); setFormError(''); }}>
              Discard changes
            </button>
            {dirty ? <span class="muted">Unsaved changes</span> : null}
          </div>
        ) : null}
      </form>

      <SsoSettingsCard
        site={saved}
        canChange={isOwner}
        onSaved={(updated) => {
          // Only the SSO state changed; what is being typed in the form above stays.
          setSaved((s) => ({ ...s, ssoConfigured: updated.ssoConfigured }));
          putSite(updated);
        }}
      />

      {isOwner ? (
        <section class="card" aria-labelledby="comments-import-title">
          <h2 id="comments-import-title">Import comments from Disqus or WordPress</h2>
          <ImportCommentsForm siteId={site.id} />
        </section>
      ) : null}

      {isOwner ? (
        <section class="card" aria-labelledby="new-site-title">
          <h2 id="new-site-title">Add another site</h2>
          <NewSiteForm
            onCreated={(created) => {
              putSite(created);
              announce(`Added the site ${created.name}. Choose it in the site menu to moderate it.`);
            }}
          />
        </section>
      ) : null}
    </div>
  );
}
