import type { Argv, CommandModule } from "yargs";
import { INPUT_GROUP, inputOptions } from "../../input-options.js";
import { processIo } from "../../io.js";
import { listOption } from "../../list-option.js";
import { FAIL_ON, type FailOn } from "../doctor/args.js";
import type { FixArgs } from "./args.js";

function builder(y: Argv): Argv<FixArgs> {
  const list = { requiresArg: true, type: "string", coerce: listOption, default: [] } as const;
  return inputOptions(y)
    .option("filename", { ...list, alias: "f", defaultDescription: "none", describe: "Manifests to fix in place: a file, a directory (recursive), or - to print the fixed stream. Repeatable. Without -f, the live cluster and Azure are fixed" })
    .option("azure", { ...list, defaultDescription: "none", describe: "JSON exported with the Azure CLI, for the checks that need it (their Azure fixes are shown, not applied). Without --azure, live Azure is read and fixed" })
    .option("allow-empty", { type: "boolean", default: false, describe: "Accept -f or --azure paths that hold nothing to fix (by default an input error)" })
    .option("check", { ...list, defaultDescription: "all", describe: "Fix only the findings of these check ids. Repeatable or comma-separated" })
    .option("skip", { ...list, defaultDescription: "none", describe: "Leave the findings of these check ids alone. Repeatable or comma-separated" })
    .option("dry-run", { type: "boolean", default: false, describe: "Show the changes and change nothing (live: the API server's dry run and Azure's current state say what would apply)" })
    .option("yes", { alias: "y", type: "boolean", default: false, describe: "Apply without asking (needed off a terminal)" })
    .option("fail-on", { choices: FAIL_ON, default: "error" as FailOn, describe: "Exit 1 when a finding of this severity or a higher one remains" })
    .option("color", { type: "boolean", default: true, describe: "Colour on a terminal (--no-color or NO_COLOR turn it off)" })
    .option("tty", { type: "boolean", default: true, describe: "Ask on a terminal (--no-tty never asks: the plan only, unless --yes)" })
    .group([...INPUT_GROUP, "allow-empty"], "Input:")
    .group(["check", "skip", "dry-run", "yes", "fail-on"], "Fixing:")
    .example([
      ["$0 fix -A", "Plan the fixes of the live cluster and Azure, show them with their kubectl and az commands, ask, apply, and run the doctor again"],
      ["$0 fix -n shop --check pod-not-mutated --yes", "Apply one check's fixes in one namespace without asking"],
      ["$0 fix -A --dry-run", "Show the plan and what the API server and Azure would say; change nothing"],
      ["$0 fix -f k8s/", "Fix manifest files: show the changes as a diff, ask, write them, and say what remains"],
      ["helm template ./chart | $0 fix -f - > fixed.yaml", "Fix a stream: the fixed manifests on stdout"],
    ]) as unknown as Argv<FixArgs>;
}

export const fixCommand: CommandModule<object, FixArgs> = {
  command: "fix",
  describe: "Fix what the doctor finds: in the live cluster and Azure (or in manifest files with -f); shows the plan, applies it after confirmation, then says what remains and why",
  builder,
  handler: async (argv) => {
    const { fix } = await import("./handler.js");
    process.exitCode = await fix(argv, processIo());
  },
};
