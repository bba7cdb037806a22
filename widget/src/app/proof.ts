import type { FormProof } from './form-proof.ts';
import { loadLaterStrings } from './i18n.ts';

/**
 * A form's bot-check proof, whose code (token fetch, proof-of-work solver) is fetched the first
 * time the reader starts on a form — with the strings of what follows (posting, errors) — so a
 * reader who only reads never downloads it. Same interface as form-proof.ts.
 */
export function formProof(challengeUrl: string): FormProof {
  let real: Promise<FormProof> | undefined;
  const load = () => (real ??= Promise.all([import('./form-proof.ts'), loadLaterStrings()]).then(([m]) => m.formProof(challengeUrl)));
  return {
    prepare: () => void load().then((p) => p.prepare()),
    get: () => load().then((p) => p.get()),
    spent: () => void real?.then((p) => p.spent()),
  };
}
