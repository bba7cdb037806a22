/** Reading numbers typed into settings fields: the value, or the message to show under the field. */

const shown = (n: number) => n.toLocaleString('en');

/** A whole number from min to max, or what is wrong with the text. */
export function wholeNumber(text: string, min: number, max: number, what: string): number | string {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value)) return `${what} must be a whole number.`;
  if (value < min || value > max) return `${what} must be between ${shown(min)} and ${shown(max)}.`;
  return value;
}

/** Any number (decimals allowed) from min to max, or what is wrong with the text. */
export function numberIn(text: string, min: number, max: number, what: string): number | string {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) return `${what} must be a number.`;
  if (value < min || value > max) return `${what} must be between ${shown(min)} and ${shown(max)}.`;
  return value;
}
