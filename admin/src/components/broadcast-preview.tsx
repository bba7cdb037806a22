import { useRef, useState } from 'preact/hooks';
import { MarkdownPreview } from './markdown-preview.tsx';

type Tab = 'html' | 'text';
const TABS: { id: Tab; label: string }[] = [
  { id: 'html', label: 'Preview' },
  { id: 'text', label: 'Plain text' },
];

/**
 * A newsletter as readers will see it: the formatted preview, or the plain text that is sent
 * alongside it. Tabs follow the ARIA pattern (arrow keys, Home, End move between them).
 */
export function BroadcastPreview({ id, subject, body }: { id: string; subject: string; body: string }) {
  const [tab, setTab] = useState<Tab>('html');
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === tab);
    let next = index;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (index + 1) % TABS.length;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = (index - 1 + TABS.length) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    else return;
    event.preventDefault();
    setTab(TABS[next]!.id);
    tabs.current[next]?.focus();
  };

  return (
    <div class="preview">
      <div class="preview-tabs" role="tablist" aria-label="Preview" onKeyDown={onKeyDown}>
        {TABS.map((t, i) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${id}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${id}-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {TABS.map((t) => (
        <div key={t.id} class="preview-panel" role="tabpanel" id={`${id}-panel-${t.id}`} aria-labelledby={`${id}-tab-${t.id}`} tabIndex={0} hidden={tab !== t.id}>
          {tab === t.id ? (
            <>
              <p class="preview-subject">
                <span class="muted">Subject: </span>
                {subject.trim() || <span class="muted">(no subject yet)</span>}
              </p>
              {t.id === 'text' ? (
                <pre class="plain-text">{body.trim() || ' '}</pre>
              ) : body.trim() ? (
                <MarkdownPreview source={body} />
              ) : (
                <p class="muted">The formatted newsletter shows here as you write.</p>
              )}
              <p class="preview-footer muted">Every email ends with why the reader gets it and a one-click unsubscribe link.</p>
            </>
          ) : null}
        </div>
      ))}
    </div>
  );
}
