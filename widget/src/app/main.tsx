import { render } from 'preact';
import { commentsApi } from './api.ts';
import { CommentsApp } from './comments-app.tsx';
import styles from './styles.css';
import type { MountConfig } from './types.ts';

/**
 * Renders the comments section into an open Shadow DOM on `host`, so the article's CSS cannot
 * reach inside (and ours cannot leak out); theming goes through CSS custom properties, which
 * do cross the boundary.
 */
export function mount(host: HTMLElement, config: MountConfig): void {
  if (config.theme && !host.dataset.theme) host.dataset.theme = config.theme;
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = styles;
  root.replaceChildren(style);
  const container = document.createElement('div');
  root.appendChild(container);
  render(<CommentsApp api={commentsApi(config)} />, container);
}
