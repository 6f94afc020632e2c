/** The CLI's one error type: a one-line message and exit code 2. */

/** A usage problem (unknown command, bad flag, missing file); printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
