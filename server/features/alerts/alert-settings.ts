import { atomic } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import type { AlertDigest } from '../../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { alertSettingsOf, existingSiteIds, saveAlertsStatement, type SiteAlerts } from './alerts.repo.ts';
import { nextDigestDue } from './schedule.ts';

export interface AlertChoice {
  site: string;
  digest: AlertDigest;
  flagged: boolean;
}

/**
 * Saves the signed-in editor's choices (only theirs: the editor id comes from the session) for
 * the sites named, in one write, and answers all of them. A new schedule's first digest is due
 * at the start of the next period, so turning a digest on never mails at once.
 */
export async function saveAlertChoices(db: AppDb, editorId: string, choices: AlertChoice[], timeZone: string, now: number): Promise<SiteAlerts[]> {
  const ids = [...new Set(choices.map((c) => c.site))];
  if (ids.length !== choices.length) throw new AppError('invalid_request', 'Name each site once.', { sites: 'Name each site once.' });
  const known = await existingSiteIds(db, ids);
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) throw new AppError('site_not_found', `There is no site "${unknown}".`);
  await atomic(
    db,
    choices.map((c) =>
      saveAlertsStatement(db, {
        editorId,
        siteId: c.site,
        digest: c.digest,
        flagged: c.flagged,
        timeZone,
        digestDueAt: c.digest === 'off' ? null : nextDigestDue(c.digest, now, timeZone),
        now,
      }),
    ),
  );
  return alertSettingsOf(db, editorId);
}
