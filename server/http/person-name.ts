/**
 * Cleaning of the names people give themselves (a guest's author name, a reader's display name).
 *
 * A name is shown to other readers beside what its owner wrote, so it must not be able to pass for
 * someone else's: "Ad\u200bmin" (a zero-width space inside) and "Ａｄｍｉｎ" (fullwidth letters) look
 * like "Admin" on the page but are different text. NFKC folds compatibility look-alikes (fullwidth,
 * ligatures, circled and styled letters) to their plain form; then every invisible character
 * (format characters such as zero-width spaces and joiners, bidi controls, fillers, variation
 * selectors: Unicode's default-ignorable code points) and control character is removed, and runs
 * of white space become one space.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]/gu;

/** `name` as it is stored and shown: folded, without invisible characters, trimmed. */
export function cleanName(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
}
