/** Escapes text for an HTML text or attribute position; everything a reader typed goes through it. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** A plain, widely compatible HTML email around already-safe body HTML. */
export function emailLayout(options: { siteName: string; bodyHtml: string; footerHtml?: string }): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin:0;padding:24px;background:#f5f4f0;font:16px/1.5 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1b1b1b">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">
<p style="margin:0 0 16px;font-weight:700">${escapeHtml(options.siteName)}</p>
${options.bodyHtml}
${options.footerHtml ? `<hr style="border:0;border-top:1px solid #ddd;margin:24px 0 12px"><div style="font-size:13px;color:#666">${options.footerHtml}</div>` : ''}
</div></body></html>`;
}

/** A button-like link for emails. */
export function emailButton(href: string, label: string): string {
  return `<p style="margin:24px 0"><a href="${escapeHtml(href)}" style="background:#0b5cad;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(label)}</a></p>`;
}
