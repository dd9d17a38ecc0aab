/**
 * A mistake the user can correct: bad input, a bad flag, an unreadable file. Surfaces print
 * `message` and `hint` and exit 2; they never print a stack for it.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, opts: { hint?: string; file?: string; line?: number; column?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.hint = opts.hint;
    this.file = opts.file;
    this.line = opts.line;
    this.column = opts.column;
  }
}

/** A broken invariant inside wid: a bug to report, never the user's fault. */
export class InternalError extends Error {
  override readonly name = "InternalError";
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && e.name === "UserError" && "hint" in e;
}
