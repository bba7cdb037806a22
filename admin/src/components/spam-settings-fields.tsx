import type { ComponentChildren } from 'preact';
import type { FailAction, RateLimitName, SpamSettings } from '../api/models.ts';
import { numberIn, wholeNumber } from '../lib/numbers.ts';
import { FieldError } from './field-error.tsx';
import { NumberField, NumberInput } from './number-field.tsx';

/**
 * The "Spam defences" card of the Settings page: the form's draft of a site's `spam` settings,
 * its checks, and the fields. Field keys are the server's error paths ("spam.minFillSeconds",
 * "spam.rateLimits.comment.limit"), so a server error lands on its input as it is.
 */

export type WindowUnit = 'seconds' | 'minutes' | 'hours';
const UNIT_SECONDS: Record<WindowUnit, number> = { seconds: 1, minutes: 60, hours: 3600 };
const UNITS: WindowUnit[] = ['seconds', 'minutes', 'hours'];
/** The longest rate-limit window the server takes: 7 days. */
const MAX_WINDOW_SECONDS = 7 * 86_400;

export interface RateDraft {
  limit: string;
  /** The window, counted in `unit`s. */
  every: string;
  unit: WindowUnit;
}

export interface SpamDraft {
  enabled: boolean;
  failAction: FailAction;
  minFillSeconds: string;
  powDifficulty: string;
  maxLinks: string;
  duplicateHours: string;
  holdScore: string;
  spamScore: string;
  rateLimits: Record<RateLimitName, RateDraft>;
}

type ScalarField = Exclude<keyof SpamDraft, 'rateLimits'>;
export type SpamField = `spam.${ScalarField}` | `spam.rateLimits.${RateLimitName}.${'limit' | 'windowSeconds'}`;

/** The server's defaults, for a site object from before the spam settings existed. */
const DEFAULTS: SpamSettings = {
  enabled: true,
  failAction: 'refuse',
  minFillSeconds: 3,
  powDifficulty: 50_000,
  maxLinks: 2,
  duplicateHours: 24,
  holdScore: 4,
  spamScore: 10,
  rateLimits: {
    comment: { limit: 5, windowSeconds: 60 },
    commentHourly: { limit: 30, windowSeconds: 3600 },
    flag: { limit: 10, windowSeconds: 600 },
    vote: { limit: 60, windowSeconds: 60 },
    subscribe: { limit: 10, windowSeconds: 3600 },
  },
};

const RATE_LIMITS: { name: RateLimitName; title: string; help: string }[] = [
  { name: 'comment', title: 'Comments', help: 'From one reader address, and from one email address. A sliding window, so a burst cannot straddle two windows.' },
  { name: 'commentHourly', title: 'Comments, longer term', help: 'A second limit over a longer window, for steady posting from one reader address.' },
  { name: 'flag', title: 'Reports', help: 'Readers reporting comments, from one reader address.' },
  { name: 'subscribe', title: 'Sign-ups', help: 'Newsletter and notification sign-ups, from one reader address.' },
  { name: 'vote', title: 'Votes', help: 'Up-votes on comments (and taking them back), from one reader address.' },
];

const SCALAR_LABELS: Record<ScalarField, string> = {
  enabled: 'Spam defences',
  failAction: 'Failed bot checks',
  minFillSeconds: 'Minimum fill time',
  powDifficulty: 'Proof of work',
  maxLinks: 'Most links',
  duplicateHours: 'Duplicate window',
  holdScore: 'Hold score',
  spamScore: 'Spam score',
};

export const SPAM_FIELD_LABELS = Object.fromEntries([
  ...Object.entries(SCALAR_LABELS).map(([field, label]) => [`spam.${field}`, label]),
  ...RATE_LIMITS.flatMap(({ name, title }) => [
    [`spam.rateLimits.${name}.limit`, `${title} rate limit`],
    [`spam.rateLimits.${name}.windowSeconds`, `${title} rate-limit window`],
  ]),
]) as Record<SpamField, string>;

export function isSpamField(key: string): key is SpamField {
  return Object.hasOwn(SPAM_FIELD_LABELS, key);
}

/** The id of a field's input (dots would need escaping in selectors); its error is `${id}-error`. */
export function spamInputId(field: SpamField): string {
  return field.replace(/\./g, '-');
}

/** The element an error summary link focuses. */
export function spamFocusId(field: SpamField): string {
  return field === 'spam.failAction' ? 'spam-failAction-refuse' : spamInputId(field);
}

/** The field a server error path belongs to: itself, or the first field under it ("spam.rateLimits.flag"). */
export function spamFieldOf(path: string): SpamField | undefined {
  if (isSpamField(path)) return path;
  return (Object.keys(SPAM_FIELD_LABELS) as SpamField[]).find((field) => field.startsWith(`${path}.`));
}

function windowDraft(seconds: number): Pick<RateDraft, 'every' | 'unit'> {
  const unit: WindowUnit = seconds % 3600 === 0 ? 'hours' : seconds % 60 === 0 ? 'minutes' : 'seconds';
  return { every: String(seconds / UNIT_SECONDS[unit]), unit };
}

export function spamDraftOf(spam: SpamSettings | undefined): SpamDraft {
  const s = spam ?? DEFAULTS;
  const rate = (name: RateLimitName): RateDraft => {
    const r = s.rateLimits?.[name] ?? DEFAULTS.rateLimits[name];
    return { limit: String(r.limit), ...windowDraft(r.windowSeconds) };
  };
  return {
    enabled: s.enabled,
    failAction: s.failAction,
    minFillSeconds: String(s.minFillSeconds),
    powDifficulty: String(s.powDifficulty),
    maxLinks: String(s.maxLinks),
    duplicateHours: String(s.duplicateHours),
    holdScore: String(s.holdScore),
    spamScore: String(s.spamScore),
    rateLimits: {
      comment: rate('comment'),
      commentHourly: rate('commentHourly'),
      flag: rate('flag'),
      vote: rate('vote'),
      subscribe: rate('subscribe'),
    },
  };
}

/** Checks what the browser can (the server's ranges, and a spam score above the hold score). */
export function spamFromDraft(d: SpamDraft): { spam: SpamSettings; errors: Partial<Record<SpamField, string>> } {
  const errors: Partial<Record<SpamField, string>> = {};
  const check = <T,>(field: SpamField, value: T | string): T => {
    if (typeof value === 'string') errors[field] = value;
    return value as T;
  };
  const minFillSeconds = check<number>('spam.minFillSeconds', wholeNumber(d.minFillSeconds, 0, 600, 'The minimum fill time'));
  const powDifficulty = check<number>('spam.powDifficulty', wholeNumber(d.powDifficulty, 1_000, 10_000_000, 'The proof-of-work difficulty'));
  const maxLinks = check<number>('spam.maxLinks', wholeNumber(d.maxLinks, 0, 100, 'The number of links'));
  const duplicateHours = check<number>('spam.duplicateHours', wholeNumber(d.duplicateHours, 0, 720, 'The duplicate window'));
  const holdScore = check<number>('spam.holdScore', numberIn(d.holdScore, 1, 100, 'The hold score'));
  const spamScore = check<number>('spam.spamScore', numberIn(d.spamScore, 1, 100, 'The spam score'));
  if (!errors['spam.holdScore'] && !errors['spam.spamScore'] && spamScore <= holdScore) {
    errors['spam.spamScore'] = `The spam score must be higher than the hold score (${holdScore}).`;
  }
  const rateLimits = {} as SpamSettings['rateLimits'];
  for (const { name, title } of RATE_LIMITS) {
    const r = d.rateLimits[name];
    const limit = check<number>(`spam.rateLimits.${name}.limit`, wholeNumber(r.limit, 1, 100_000, `The ${title.toLowerCase()} limit`));
    const every = wholeNumber(r.every, 1, MAX_WINDOW_SECONDS, `The ${title.toLowerCase()} window`);
    let windowSeconds = 0;
    if (typeof every === 'string') errors[`spam.rateLimits.${name}.windowSeconds`] = every;
    else if (every * UNIT_SECONDS[r.unit] > MAX_WINDOW_SECONDS) errors[`spam.rateLimits.${name}.windowSeconds`] = `The ${title.toLowerCase()} window can be at most 7 days.`;
    else windowSeconds = every * UNIT_SECONDS[r.unit];
    rateLimits[name] = { limit, windowSeconds };
  }
  return {
    errors,
    spam: { enabled: d.enabled, failAction: d.failAction, minFillSeconds, powDifficulty, maxLinks, duplicateHours, holdScore, spamScore, rateLimits },
  };
}

const seconds = (s: number) => (s < 1 ? s.toFixed(1) : s < 10 ? String(Math.round(s * 10) / 10) : String(Math.round(s)));

/**
 * Measured by `npm run bench` in headless Chromium on a 2-core machine: median 0.5–0.75 s at
 * 50,000 (four Web Workers). The work grows linearly with the number; slow phones take longer.
 */
function solveTime(difficulty: number): string {
  const low = (difficulty / 50_000) * 0.5;
  const high = (difficulty / 50_000) * 0.75;
  if (high < 0.1) return 'under 0.1 s';
  return `${seconds(low)}–${seconds(high)} s`;
}

interface Props {
  draft: SpamDraft;
  errors: Partial<Record<SpamField, string>>;
  onChange: (update: (draft: SpamDraft) => SpamDraft) => void;
}

export function SpamSettingsFields({ draft, errors, onChange }: Props) {
  const set = <K extends ScalarField>(key: K, value: SpamDraft[K]) => onChange((d) => ({ ...d, [key]: value }));
  const setRate = (name: RateLimitName, part: Partial<RateDraft>) =>
    onChange((d) => ({ ...d, rateLimits: { ...d.rateLimits, [name]: { ...d.rateLimits[name], ...part } } }));

  const numberField = (key: ScalarField, label: string, range: { min: number; max: number; decimal?: boolean }, help: ComponentChildren, extraHelp?: { id: string; text: string }) => {
    const field = `spam.${key}` as SpamField;
    const id = spamInputId(field);
    return (
      <NumberField
        id={id}
        label={label}
        min={range.min}
        max={range.max}
        decimal={range.decimal}
        value={draft[key] as string}
        error={errors[field]}
        onInput={(value) => set(key, value)}
        help={help}
        extraHelp={extraHelp}
      />
    );
  };

  const pow = Number(draft.powDifficulty);
  const powEstimate =
    Number.isInteger(pow) && pow >= 1_000 && pow <= 10_000_000
      ? `At ${pow.toLocaleString('en')}: about ${solveTime(pow)} on a 2-core laptop (longer on slow phones), ${solveTime(pow * 4)} under attack.`
      : 'Between 1,000 and 10,000,000.';

  return (
    <section class="card" aria-labelledby="settings-spam">
      <h2 id="settings-spam">Spam defences</h2>
      <p class="help">
        Checks on every comment, report and sign-up. Readers pass them without noticing: nothing asks them to solve a puzzle. <code>SPAM_DEFENCES=off</code> in the server’s
        environment turns them all off, whatever is set here.
      </p>

      <label class="choice">
        <input type="checkbox" id="spam-enabled" checked={draft.enabled} aria-describedby="spam-enabled-help" onChange={(e) => set('enabled', e.currentTarget.checked)} />
        <span>
          <strong>Check submissions for spam</strong>
          <span class="help" id="spam-enabled-help">
            Turn this off only when everything posted to this site comes through your own trusted client that does its own checks. When off, none of the checks below run.
          </span>
        </span>
      </label>
      <FieldError id="spam-enabled-error" message={errors['spam.enabled']} />

      <h3 class="card-subhead">Bot checks</h3>
      <p class="help">
        When a reader starts on a form it fetches a single-use form token signed by the server, and it carries a honeypot field hidden from people that only bots fill in.
      </p>
      <div class="field-row">
        {numberField(
          'minFillSeconds',
          'Minimum fill time (seconds)',
          { min: 0, max: 600 },
          'A submission sent sooner than this after its form token was issued is treated as a bot: people take longer, scripts do not. 0 turns this check off.',
        )}
        {numberField(
          'powDifficulty',
          'Proof of work (difficulty)',
          { min: 1_000, max: 10_000_000 },
          <>
            The reader’s browser solves a small puzzle in the background (ALTCHA style, in a Web Worker) while they type. This is the largest number it may have to try; on average it
            tries half as many. Measured: about 0.5–0.75 s at 50,000 on a 2-core laptop, hidden behind the time it takes to type; slow phones take longer. It rises ×4 automatically for an address or a site under attack.
          </>,
          { id: 'spam-powDifficulty-estimate', text: powEstimate },
        )}
      </div>

      <fieldset class="choices" aria-describedby={['spam-failAction-help', errors['spam.failAction'] ? 'spam-failAction-error' : ''].filter(Boolean).join(' ')}>
        <legend>A comment that fails the bot checks</legend>
        <label class="choice choice-card">
          <input type="radio" id="spam-failAction-refuse" name="spamFailAction" value="refuse" checked={draft.failAction === 'refuse'} onChange={() => set('failAction', 'refuse')} />
          <span>
            <strong>Refuse it</strong>
            <span class="help">The reader is asked to reload the page and try again. Nothing is stored.</span>
          </span>
        </label>
        <label class="choice choice-card">
          <input type="radio" id="spam-failAction-hold" name="spamFailAction" value="hold" checked={draft.failAction === 'hold'} onChange={() => set('failAction', 'hold')} />
          <span>
            <strong>Hold it in Pending</strong>
            <span class="help">It waits for review with the reasons it failed. Choose this if real readers are being refused.</span>
          </span>
        </label>
        <p class="help" id="spam-failAction-help">
          Sign-ups, reports and sign-in attempts that fail them are always refused.
        </p>
        <FieldError id="spam-failAction-error" message={errors['spam.failAction']} />
      </fieldset>

      <h3 class="card-subhead">Content</h3>
      <div class="field-row">
        {numberField('maxLinks', 'Most links in a comment', { min: 0, max: 100 }, 'A comment with more links than this is held in Pending. 0 holds every comment with a link.')}
        {numberField(
          'duplicateHours',
          'Duplicate window (hours)',
          { min: 0, max: 720 },
          'A copy of a comment posted anywhere on this site within this many hours is refused. Short replies like “Thanks!” never count. 0 turns this check off.',
        )}
      </div>
      <p class="help" id="spam-score-help">
        Signs of spam add up to a spam score: mostly capital letters, long runs of one character, repeated words, spam phrases, shortened links, messenger contacts, invisible
        characters, a link in the name, and Akismet’s verdict if the server has an Akismet key. Each sign adds a few points; Akismet’s “spam” adds 10.
      </p>
      <div class="field-row">
        {numberField('holdScore', 'Hold score', { min: 1, max: 100, decimal: true }, 'At this score or above, a comment is held in Pending.')}
        {numberField('spamScore', 'Spam score', { min: 1, max: 100, decimal: true }, 'At this score or above, it goes straight to Spam. Must be higher than the hold score.')}
      </div>

      <h3 class="card-subhead">Rate limits</h3>
      <p class="help">
        Counted per reader address (a keyed hash, never the address itself) and per action. A reader over the limit is told how long to wait.
      </p>
      <div class="rate-limits">
        {RATE_LIMITS.map(({ name, title, help }) => {
          const r = draft.rateLimits[name];
          const limitField = `spam.rateLimits.${name}.limit` as const;
          const windowField = `spam.rateLimits.${name}.windowSeconds` as const;
          const limitId = spamInputId(limitField);
          const windowId = spamInputId(windowField);
          const helpId = `spam-rateLimits-${name}-help`;
          const one = r.every.trim() === '1';
          return (
            <fieldset class="choices rate-limit" key={name}>
              <legend>{title}</legend>
              <div class="rate-limit-inputs">
                <label for={limitId} class="visually-hidden">
                  {title}: how many
                </label>
                <NumberInput
                  id={limitId}
                  min={1}
                  max={100_000}
                  value={r.limit}
                  error={errors[limitField]}
                  helpIds={[helpId]}
                  onInput={(value) => setRate(name, { limit: value })}
                />
                <label for={windowId}>
                  <span class="visually-hidden">{title}: </span>per<span class="visually-hidden"> how many</span>
                </label>
                <NumberInput
                  id={windowId}
                  min={1}
                  value={r.every}
                  error={errors[windowField]}
                  helpIds={[helpId]}
                  onInput={(value) => setRate(name, { every: value })}
                />
                <label for={`${windowId}-unit`} class="visually-hidden">
                  {title}: unit
                </label>
                <select id={`${windowId}-unit`} value={r.unit} onChange={(e) => setRate(name, { unit: e.currentTarget.value as WindowUnit })}>
                  {UNITS.map((unit) => (
                    <option key={unit} value={unit}>
                      {one ? unit.slice(0, -1) : unit}
                    </option>
                  ))}
                </select>
              </div>
              <FieldError id={`${limitId}-error`} message={errors[limitField]} />
              <FieldError id={`${windowId}-error`} message={errors[windowField]} />
              <p class="help" id={helpId}>
                {help}
              </p>
            </fieldset>
          );
        })}
      </div>
    </section>
  );
}
