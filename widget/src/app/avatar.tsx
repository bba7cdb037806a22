/** A circle with the author's initial, its colour derived from the name so it stays the same. */
export function Avatar({ name }: { name: string }) {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)!) | 0;
  const initial = [...name.trim()][0]?.toUpperCase() ?? '?';
  return (
    <span class="avatar" aria-hidden="true" style={{ background: `hsl(${Math.abs(hash) % 360} 45% 42%)` }}>
      {initial}
    </span>
  );
}
