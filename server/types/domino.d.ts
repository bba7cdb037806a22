/**
 * @mixmark-io/domino ships types only under the module name `domino`; this is the part Parley
 * uses, typed with the DOM library's own interfaces (domino implements them).
 */
declare module '@mixmark-io/domino' {
  /** Parses an HTML document the way a browser does (HTML5 tree construction), in plain JS. */
  export function createDocument(html?: string, force?: boolean): Document;
  const domino: { createDocument: typeof createDocument };
  export default domino;
}
