import { hideBin } from "yargs/helpers";
import { cli } from "./cli.js";
import { processIo } from "./io.js";
import { reportError } from "./report-error.js";

// Stacks of the lazily loaded chunks (handlers, engine) point into the TypeScript sources, only
// when asked: source maps cost start-up time.
if (process.env["WID_DEBUG"] === "1") process.setSourceMapsEnabled(true);

// A closed pipe (`kubectl wid doctor ... | head`) is not an error worth a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  await cli(hideBin(process.argv)).parseAsync();
} catch (error) {
  process.exitCode = await reportError(error, processIo());
}
