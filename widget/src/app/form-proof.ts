import type { PowChallenge } from './pow-solver.ts';

/** What a form sends beside its fields to pass the server's bot checks (nothing when they are off). */
export type ProofFields = { formToken?: string; pow?: string };

type ChallengeAnswer = { enabled: false } | { enabled: true; formToken: string; challenge: PowChallenge; minFillSeconds: number; expiresInSeconds: number };

interface Prepared {
  fields: Promise<ProofFields>;
  /** Local time at which the minimum fill time has passed, and after which the token is stale. */
  readyAt: number;
  staleAt: number;
}

/**
 * The bot-check proof of one form. `prepare()` when the reader starts on the form: the token is
 * fetched and the work solved while they type, so submitting waits for nothing in the usual case.
 * A proof serves one submission; `spent()` after the server has used it.
 */
export function formProof(challengeUrl: string) {
  let current: Prepared | undefined;

  const prepare = (): Prepared => {
    if (current && Date.now() < current.staleAt) return current;
    const asked = Date.now();
    const entry: Prepared = { readyAt: asked, staleAt: Infinity, fields: Promise.resolve({}) };
    entry.fields = fetch(challengeUrl, { credentials: 'omit' })
      .then((res) => res.json() as Promise<ChallengeAnswer>)
      .then(async (answer) => {
        if (!answer.enabled) return {};
        // Times are taken from this clock: the server's may differ from the reader's.
        entry.readyAt = asked + answer.minFillSeconds * 1000 + 250;
        entry.staleAt = asked + (answer.expiresInSeconds - 60) * 1000;
        // The solver is its own chunk: only forms that meet an enabled challenge need it.
        const { powPayload } = await import('./pow-solver.ts');
        return { formToken: answer.formToken, pow: await powPayload(answer.challenge) };
      })
      .catch(() => {
        // Let the submission go without a proof: the server's answer is then the one to show.
        current = undefined;
        return {};
      });
    return (current = entry);
  };

  return {
    prepare: () => void prepare(),
    async get(): Promise<ProofFields> {
      const entry = prepare();
      const fields = await entry.fields;
      const wait = entry.readyAt - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return fields;
    },
    spent: () => {
      current = undefined;
    },
  };
}
export type FormProof = ReturnType<typeof formProof>;
