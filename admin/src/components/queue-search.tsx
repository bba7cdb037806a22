import { useEffect, useState } from 'preact/hooks';
import { navigate, queueHref } from '../lib/routes.ts';

/** Searches every comment of the site by text, author name, email or article. */
export function QueueSearch({ q, pageKey }: { q: string; pageKey: string }) {
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(queueHref('all', { q: text.trim(), page: pageKey }));
      }}
    >
      <label for="queue-search" class="visually-hidden">
        Search comments
      </label>
      <input
        id="queue-search"
        type="search"
        value={text}
        placeholder="Search text, author, email or article"
        maxLength={200}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" class="button">
        Search
      </button>
      {q ? (
        <a class="button button-quiet" href={queueHref('all', { page: pageKey })}>
          Clear
        </a>
      ) : null}
    </form>
  );
}
