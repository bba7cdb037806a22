import { html } from 'hono/html';
import { VERSION } from '../version.ts';

/**
 * What `/` shows on a production install (no demo): what this server is, and where to go. The
 * articles that embed Parley live on the publisher's own site, not here.
 */
export function serverHomeHtml() {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>Parley comments server</title>
<style>body{font:17px/1.6 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}a{color:#2f5bd3}small{color:#666}@media (prefers-color-scheme:dark){body{background:#161616;color:#e8e6e1}a{color:#8fb0ff}small{color:#a0a0a0}}</style>
</head>
<body>
<main>
<h1>Parley</h1>
<p>This server hosts the comments and newsletter sign-up of a news site. Readers meet them under the site's articles, not here.</p>
<p>Editors: <a href="/admin">open the dashboard</a> to moderate, configure sites and send newsletters.</p>
<p><small>Parley ${VERSION}</small></p>
</main>
</body>
</html>`;
}
