import type { ComponentChildren } from 'preact';
import type { Resource } from '../lib/use-resource.ts';

interface Props<T> {
  resource: Resource<T>;
  /** What is loading, for the error: "Could not load {what}: …". */
  what: string;
  /** Whether the loaded data is empty (then `empty` shows instead of the children). */
  isEmpty?: (data: T) => boolean;
  /** What to say when there is nothing (a `.empty` paragraph unless it is an element already). */
  empty?: ComponentChildren;
  children: (data: T) => ComponentChildren;
}

/**
 * The one way a page shows data it loads: an alert with "Try again" when loading failed,
 * "Loading…" until the first answer, the empty message when there is nothing, else the
 * children. A reload that fails (a refresh, a poll) keeps what was loaded under the alert.
 */
export function Loadable<T>({ resource, what, isEmpty, empty, children }: Props<T>) {
  const { data, error, reload } = resource;
  const alert = error ? (
    <div class="alert alert-error" role="alert">
      <p>
        Could not load {what}: {error}
      </p>
      <button type="button" class="button" onClick={reload}>
        Try again
      </button>
    </div>
  ) : null;
  let content: ComponentChildren = null;
  if (data === undefined) {
    content = error ? null : (
      <p class="muted" aria-busy="true">
        Loading…
      </p>
    );
  } else if (isEmpty?.(data)) {
    content = typeof empty === 'string' ? <p class="empty">{empty}</p> : empty;
  } else {
    content = children(data);
  }
  return (
    <>
      {alert}
      {content}
    </>
  );
}
