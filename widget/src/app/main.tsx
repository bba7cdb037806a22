import { render } from 'preact';
import type { ComponentChild } from 'preact';
import { commentsApi, subscribeApi } from './api.ts';
import { CommentsApp } from './comments-app.tsx';
import styles from './styles.css';
import { SubscribeForm } from './subscribe-form.tsx';
import type { MountConfig } from './types.ts';

function renderInShadow(host: HTMLElement, config: MountConfig, app: ComponentChild): void {
  if (config.theme && !host.dataset.theme) host.dataset.theme = config.theme;
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = styles;
  root.replaceChildren(style);
  const container = document.createElement('div');
  root.appendChild(container);
  render(app, container);
}

/**
 * Renders the comments section into an open Shadow DOM on `host`, so the article's CSS cannot
 * reach inside (and ours cannot leak out); theming goes through CSS custom properties, which
 * do cross the boundary.
 */
export function mount(host: HTMLElement, config: MountConfig): void {
  renderInShadow(host, config, <CommentsApp api={commentsApi(config)} subscribe={subscribeApi(config)} />);
}

/**
 * The newsletter sign-up in its own element. `data-topics="newsletter,page"` also offers
 * following this story.
 */
export function mountSubscribe(host: HTMLElement, config: MountConfig): void {
  const topics = (host.dataset.topics ?? 'newsletter').split(',').map((s) => s.trim()).filter((s): s is 'newsletter' | 'page' => s === 'newsletter' || s === 'page');
  renderInShadow(host, config, <SubscribeForm api={subscribeApi(config)} topics={topics.length ? topics : ['newsletter']} />);
}
