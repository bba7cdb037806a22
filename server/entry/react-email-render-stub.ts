/**
 * Stands in for `@react-email/render` in the Worker bundle. The resend SDK imports it lazily, only
 * to render React email components, which Parley never passes (it sends finished HTML). The
 * package is not installed, so without this alias the bundler cannot resolve the import.
 */
export function render(): never {
  throw new Error('Parley sends rendered HTML; React email components are not supported in the Worker.');
}
