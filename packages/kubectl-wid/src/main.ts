import { hideBin } from "yargs/helpers";
import { cli } from "./cli.js";
import { processIo } from "./io.js";
import { reportError } from "./report-error.js";

// The engine's dependencies and the simulated world use APIs of Node.js 22 and later; say so
// plainly rather than fail later with a missing export.
const MIN_NODE_MAJOR = 22;
if (Number(process.versions.node.split(".")[0]) < MIN_NODE_MAJOR) {
  process.stderr.write(
    `error: kubectl wid needs Node.js ${MIN_NODE_MAJOR} or later; this is ${process.version}\n` +
      "hint: install a current Node.js LTS (24), or run it from the repository with `pnpm wid`\n",
  );
  process.exit(2);
}

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
