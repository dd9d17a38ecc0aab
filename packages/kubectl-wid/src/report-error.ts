import { EXIT } from "./exit-codes.js";
import type { Io } from "./io.js";
import { CLI_SETTING_WORDS } from "./setting-words.js";
import { UsageError } from "./usage-error.js";

/**
 * The one error handler of the command line: a user's mistake gets its message and a hint (exit
 * 2, no stack); anything else is a bug in wid (exit 70; the stack only with WID_DEBUG=1).
 */
export async function reportError(error: unknown, io: Io): Promise<number> {
  if (error instanceof UsageError) {
    io.stderr(`error: ${error.message}\nhint: ${error.hint}\n`);
    return EXIT.usage;
  }
  // Loaded only on this path: the core is not needed to print help.
  const { isUserError, redactText, wordSettings } = await import("@wid/core");
  if (isUserError(error)) {
    // an error may quote the input it could not read: never a secret in it
    io.stderr(wordSettings(redactText(`error: ${located(error)}\n${error.hint ? `hint: ${error.hint}\n` : ""}`), CLI_SETTING_WORDS));
    return EXIT.usage;
  }
  const message = redactText(error instanceof Error ? error.message : String(error));
  io.stderr(`internal error (a bug in wid): ${message}\n`);
  if (io.env["WID_DEBUG"] === "1" && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  else io.stderr("hint: run again with WID_DEBUG=1 to see where it happened, and report it with that output\n");
  return EXIT.internal;
}

function located(e: { message: string; file?: string | undefined; line?: number | undefined; column?: number | undefined }): string {
  if (e.file === undefined || e.message.startsWith(e.file)) return e.message;
  const at = [e.file, e.line, e.line !== undefined ? e.column : undefined].filter((p) => p !== undefined).join(":");
  return `${at}: ${e.message}`;
}
