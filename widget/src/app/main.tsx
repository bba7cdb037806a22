import { render } from 'preact';
import type { ComponentChild } from 'preact';
import { commentsApi, subscribeApi } from './api.ts';
import { CommentsApp } from './comments-app.tsx';
import { dir, loadLocale } from './i18n.ts';
import { POLL_SECONDS } from './live-updates.ts';
import { forSite } from './reader-store.ts';
import styles from './styles.css';
import { SubscribeForm } from './subscribe-form.tsx';
import type { MountConfig } from './types.ts';

async function renderInShadow(host: HTMLElement, config: MountConfig, app: () => ComponentChild): Promise<void> {
  if (config.theme && !host.dataset.theme) host.dataset.theme = config.theme;
  forSite(config.site);
  await loadLocale(config.lang, config.strings);
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = styles;
  root.replaceChildren(style);
  const container = document.createElement('div');
  // The widget speaks the locale it loaded, whatever the article's language: say so to screen
  // readers and lay it out in its own direction (Arabic right to left).
  container.lang = config.lang;
  container.dir = dir();
  root.appendChild(container);
  render(app(), container);
}

/**
 * Renders the comments section into an open Shadow DOM on `host`, so the article's CSS cannot
 * reach inside (and ours cannot leak out); theming goes through CSS custom properties, which
 * do cross the boundary.
 */
export function mount(host: HTMLElement, config: MountConfig): void {
  const poll = Number(host.dataset.pollSeconds);
  void renderInShadow(host, config, () => <CommentsApp api={commentsApi(config)} subscribe={subscribeApi(config)} pollSeconds={poll >= 1 ? poll : POLL_SECONDS} />);
}

/**
 * The newsletter sign-up in its own element. `data-topics="newsletter,page"` also offers
 * following this story.
 */
export function mountSubscribe(host: HTMLElement, config: MountConfig): void {
  const topics = (host.dataset.topics ?? 'newsletter').split(',').map((s) => s.trim()).filter((s): s is 'newsletter' | 'page' => s === 'newsletter' || s === 'page');
  // Part of the app's one file: the form is small, and in a chunk of its own it cost a page showing
  // both the comments and the form twice as much (a file compresses without the app's context).
  void loadLocale(config.lang, config.strings).then(() =>
    renderInShadow(host, config, () => <SubscribeForm api={subscribeApi(config)} topics={topics.length ? topics : ['newsletter']} />),
  );
}
