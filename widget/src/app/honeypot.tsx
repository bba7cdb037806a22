import type { Ref } from 'preact';
import { t } from './i18n.ts';

/**
 * A field people never see or reach (off-screen, hidden from assistive technology, out of the tab
 * order) and form-filling scripts fill in. Not display:none, which some scripts know to skip.
 */
export function Honeypot({ inputRef }: { inputRef: Ref<HTMLInputElement> }) {
  return (
    <div class="hp" aria-hidden="true">
      <label>
        {t('honeypot')} <input ref={inputRef} name="website" type="text" tabIndex={-1} autoComplete="off" />
      </label>
    </div>
  );
}
