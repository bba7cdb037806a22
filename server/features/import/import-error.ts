/**
 * A file that cannot be imported, said the way an operator can act on it: which file, where in
 * it, and what is wrong. The CLI prints it as one line; the dashboard shows it as the error.
 */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line === undefined ? '' : `, line ${line}${column === undefined ? '' : `, column ${column}`}`}: ${problem}`);
    this.name = 'ImportFileError';
  }
}
