const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string is well-formed UTF-16. JSON can carry lone surrogates ("\ud800"), which cannot
 * be stored as UTF-8 without being replaced, so such input is refused rather than altered.
 */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}
