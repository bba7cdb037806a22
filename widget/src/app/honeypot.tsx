import type { Ref } from 'preact';

/**
 * A field people never see or reach (off-screen, hidden from assistive technology, out of the tab
 * order) and form-filling scripts fill in. Not display:none, which some scripts know to skip.
 * Its label is for those scripts alone, so it is not translated.
 */
export function Honeypot({ inputRef }: { inputRef: Ref<HTMLInputElement> }) {
  return (
    <div class="hp" aria-hidden="true">
      <label>
        Leave this field empty <input ref={inputRef} name="website" type="text" tabIndex={-1} autoComplete="off" />
      </label>
    </div>
  );
}
