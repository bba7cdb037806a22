/**
 * count.js: for listing pages (home page, section fronts). Fills every
 * `[data-parley-count="PAGE-KEY"]` with that article's comment count, all in one request per 50
 * keys, and loads nothing else. The text is `data-one` / `data-other` with `{n}` when given
 * ("{n} comment" / "{n} comments" otherwise), in the page's language for the number.
 */
(() => {
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[src*="count.js"][data-site]');
  const site = script?.dataset.site;
  if (!script || !site) return console.error('Parley: the count.js <script> tag needs data-site="YOUR-SITE-ID".');
  const els = [...document.querySelectorAll<HTMLElement>('[data-parley-count]')];
  const keys = [...new Set(els.map((el) => el.dataset.parleyCount!))];
  const lang = document.documentElement.lang || undefined;
  const plural = new Intl.PluralRules(lang);
  for (let i = 0; i < keys.length; i += 50) {
    const q = keys.slice(i, i + 50).map((k) => `page=${encodeURIComponent(k)}`).join('&');
    fetch(`${new URL(script.src).origin}/api/v1/sites/${encodeURIComponent(site)}/counts?${q}`, { credentials: 'omit' })
      .then((res) => res.json() as Promise<{ counts: Record<string, number> }>)
      .then(({ counts }) => {
        for (const el of els) {
          const n = counts[el.dataset.parleyCount!];
          if (n === undefined) continue;
          const form = plural.select(n) === 'one' ? (el.dataset.one ?? '{n} comment') : (el.dataset.other ?? '{n} comments');
          el.textContent = form.replace('{n}', n.toLocaleString(lang));
        }
      })
      .catch(() => undefined);
  }
})();
