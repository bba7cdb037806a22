/**
 * Checks that HTML made from a comment can carry no script: every tag is one the Markdown
 * renderer may emit, every attribute is on a short allowlist, and links are http(s) or mailto.
 * Returns what is wrong (empty when the HTML is inert).
 */
const TAGS = new Set(['p', 'br', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']);
const ATTRS: Record<string, Set<string>> = {
  a: new Set(['href', 'rel', 'target', 'title']),
  ol: new Set(['start']),
  code: new Set(['class']),
  blockquote: new Set(['dir']),
};

export function problemsInHtml(html: string): string[] {
  const problems: string[] = [];
  // Any "<" must open an allowed tag; text "<" must have been escaped to &lt;.
  const tagPattern = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+="[^"]*")*)\s*(\/?)>/y;
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) {
    tagPattern.lastIndex = i;
    const m = tagPattern.exec(html);
    if (!m) {
      problems.push(`unescaped "<" at ${i}: ${html.slice(i, i + 40)}`);
      continue;
    }
    const tag = m[2]!.toLowerCase();
    if (!TAGS.has(tag)) problems.push(`tag <${tag}>`);
    for (const attr of m[3]!.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) {
      const [, name, value] = attr as unknown as [string, string, string];
      if (!ATTRS[tag]?.has(name.toLowerCase())) problems.push(`attribute ${name} on <${tag}>`);
      if (name === 'href' && !/^(https?:\/\/|mailto:)/i.test(value)) problems.push(`href ${value}`);
      if (name === 'dir' && value !== 'auto') problems.push(`dir ${value}`);
      if (name === 'class' && !/^language-[^\s"'<>]*$/.test(value)) problems.push(`class ${value}`);
    }
  }
  return problems;
}
