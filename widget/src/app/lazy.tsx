import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadLaterStrings } from './i18n.ts';

/**
 * A component whose code is fetched the first time it is shown (its own chunk), so parts a
 * reader may never open — reporting, editing — stay out of what every page view downloads.
 * Its strings come with it. Renders nothing for the moment that takes; the same hooks run on
 * every render.
 */
export function lazy<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let Loaded: FunctionComponent<P> | undefined;
  let pending: Promise<unknown> | undefined;
  return (props: P) => {
    const [, rerender] = useState(0);
    pending ??= Promise.all([load(), loadLaterStrings()]).then(([c]) => (Loaded = c));
    // Unconditionally: the chunk may arrive between this render (which showed nothing) and the
    // effect, and then only a re-render shows it.
    useEffect(() => void pending!.then(() => rerender(1)), []);
    return Loaded ? <Loaded {...props} /> : null;
  };
}
