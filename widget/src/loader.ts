/**
 * embed.js: the only script a publisher pastes. It stays tiny and framework-free: it reads its
 * settings from its own tag's data-* attributes, waits until a comments section nears the
 * viewport, and only then imports the Preact app from the same server.
 */
declare const __PARLEY_APP__: string;
/** The shipped locales and the version in their file names (widget/build.ts, localeFileNames). */
declare const __PARLEY_LOCALES__: { version: string; codes: string[] };

/** What the loader hands to the app (widget/src/app imports this type). */
export interface MountConfig {
  server: string;
  site: string;
  page: string;
  title: string;
  url: string;
  theme: string | null;
  lang: string;
  /** Where the locale's strings are: those for the first render, and those for parts opened later. */
  strings: [string, string];
  /** A publisher-signed token for the signed-in reader (data-sso), or null. */
  sso: string | null;
}

type AppModule = { mount(host: HTMLElement, config: MountConfig): void; mountSubscribe(host: HTMLElement, config: MountConfig): void };

(() => {
  // An async script has no document.currentScript in every browser; find our tag by its src.
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[src*="embed.js"][data-site]');
  const site = script?.dataset.site;
  if (!script || !site) {
    console.error('Parley: the embed.js <script> tag needs data-site="YOUR-SITE-ID". Comments are not loaded.');
    return;
  }
  const server = new URL(script.src).origin;
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  let app: Promise<AppModule> | undefined;

  const start = (host: HTMLElement) => {
    if (host.dataset.parleyMounted) return;
    host.dataset.parleyMounted = '1';
    const url = canonical || location.href.split('#')[0]!;
    // data-lang, else the page's own language; "pt-BR" uses pt, anything not shipped English.
    const wanted = (host.dataset.lang || script.dataset.lang || document.documentElement.lang || 'en').toLowerCase().split(/[-_]/)[0]!;
    const lang = __PARLEY_LOCALES__.codes.includes(wanted) ? wanted : 'en';
    // Fetched beside the app rather than after it: the app cannot render without its strings.
    const strings = ['locale', 'later'].map((kind) => new URL(`${kind}-${lang}-${__PARLEY_LOCALES__.version}.js`, script.src).href) as [string, string];
    if (!document.querySelector(`link[href="${strings[0]}"]`)) {
      const preload = document.createElement('link');
      preload.rel = 'modulepreload';
      preload.href = strings[0];
      document.head.appendChild(preload);
    }
    const config: MountConfig = {
      server,
      site,
      page: host.dataset.page || new URL(url, location.href).pathname,
      title: host.dataset.title || document.title,
      url,
      theme: host.dataset.theme || script.dataset.theme || null,
      lang,
      strings,
      sso: host.dataset.sso || null,
    };
    app ??= import(/* @vite-ignore */ new URL(__PARLEY_APP__, script.src).href) as Promise<AppModule>;
    const subscribe = host.hasAttribute('data-parley-subscribe');
    app.then((m) => (subscribe ? m.mountSubscribe : m.mount)(host, config)).catch((err: unknown) => console.error('Parley: could not load the comments app.', err));
  };

  const hosts = document.querySelectorAll<HTMLElement>('[data-parley-comments],[data-parley-subscribe]');
  if (!('IntersectionObserver' in window)) {
    hosts.forEach(start);
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        start(entry.target as HTMLElement);
      }
    },
    { rootMargin: '800px 0px' },
  );
  hosts.forEach((h) => observer.observe(h));
  // A link to a comment (#comment-…) should not wait for the reader to scroll.
  if (location.hash.startsWith('#comment-')) document.querySelectorAll<HTMLElement>('[data-parley-comments]').forEach(start);
})();
