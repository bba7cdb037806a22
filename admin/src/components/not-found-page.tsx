import { queueHref } from '../lib/routes.ts';

/** An unknown hash route, or a section this editor's role does not include. */
export function NotFoundPage({ forbidden = false }: { forbidden?: boolean }) {
  return (
    <div class="page">
      <h1 tabIndex={-1}>{forbidden ? 'Owners only' : 'Page not found'}</h1>
      <p>{forbidden ? 'Only owners can manage editors. Ask an owner if you need access.' : 'There is no such page in the dashboard.'}</p>
      <p>
        <a href={queueHref('pending')}>Go to the moderation queue</a>
      </p>
    </div>
  );
}
