/**
 * A command line that yargs rejected (unknown flag, bad value, missing argument). Kept apart from
 * the core's UserError so that reporting it loads nothing but this file.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}
