/** One setting an editor changed, as the audit log shows it: "spam.maxLinks: 2 → 5". */
export interface SettingChange {
  setting: string;
  before: string;
  after: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Secrets are never written to the log; only that they changed. */
const SECRET_SETTINGS = new Set(['ssoSecret']);

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(String).join(', ');
  return String(value);
}

/**
 * The settings that differ between two versions of a site (nested objects by dotted path), with
 * their values before and after. The dashboard sends the whole form on Save, so this is what
 * tells "changed the moderation mode" apart from "saved the page".
 */
export function settingsDiff(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): SettingChange[] {
  const out: SettingChange[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const path = prefix ? `${prefix}.${key}` : key;
    const a = before[key];
    const b = after[key];
    if (isPlainObject(a) && isPlainObject(b)) {
      out.push(...settingsDiff(a, b, path));
      continue;
    }
    if (JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) continue;
    if (SECRET_SETTINGS.has(path)) out.push({ setting: path, before: a ? 'set' : '(none)', after: b ? 'changed' : '(none)' });
    else out.push({ setting: path, before: shown(a), after: shown(b) });
  }
  return out;
}
