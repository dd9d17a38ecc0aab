import type { Argv, CommandModule } from "yargs";
import { processIo } from "../../io.js";
import { listOption } from "../../list-option.js";
import { FAIL_ON, type FailOn } from "../doctor/args.js";
import type { FixArgs } from "./args.js";

function builder(y: Argv): Argv<FixArgs> {
  const list = { requiresArg: true, type: "string", coerce: listOption, default: [] } as const;
  return y
    .option("filename", { ...list, alias: "f", defaultDescription: "none", describe: "Manifests to fix in place: a file, a directory (recursive), or - to print the fixed stream. Repeatable" })
    .option("azure", { ...list, defaultDescription: "none", describe: "JSON exported with the Azure CLI, for the checks that need it (their Azure fixes are shown, not applied). Repeatable" })
    .option("namespace", { requiresArg: true, alias: "n", type: "string", describe: "Namespace for manifest objects that name none" })
    .option("cluster", { requiresArg: true, type: "string", describe: "Which exported AKS cluster the manifests belong to, when the exports hold several" })
    .option("target", { ...list, defaultDescription: "none", describe: "Azure resource id a workload must reach (for role checks). Repeatable" })
    .option("allow-empty", { type: "boolean", default: false, describe: "Accept -f or --azure paths that hold nothing to fix (by default an input error)" })
    .option("check", { ...list, defaultDescription: "all", describe: "Fix only the findings of these check ids. Repeatable or comma-separated" })
    .option("skip", { ...list, defaultDescription: "none", describe: "Leave the findings of these check ids alone. Repeatable or comma-separated" })
    .option("dry-run", { type: "boolean", default: false, describe: "Show the changes and change nothing" })
    .option("yes", { alias: "y", type: "boolean", default: false, describe: "Apply without asking (needed off a terminal)" })
    .option("fail-on", { choices: FAIL_ON, default: "error" as FailOn, describe: "Exit 1 when a finding of this severity or a higher one remains" })
    .option("color", { type: "boolean", default: true, describe: "Colour on a terminal (--no-color or NO_COLOR turn it off)" })
    .option("tty", { type: "boolean", default: true, describe: "Ask on a terminal (--no-tty never asks: the plan only, unless --yes)" })
    .group(["filename", "azure", "namespace", "cluster", "target", "allow-empty"], "Input:")
    .group(["check", "skip", "dry-run", "yes", "fail-on"], "Fixing:")
    .example([
      ["$0 fix -f k8s/", "Show the changes, ask, write them, and say what remains"],
      ["$0 fix -f k8s/ --azure azure/ --yes", "Apply without asking; the Azure-side fixes are listed with their az commands"],
      ["helm template ./chart | $0 fix -f - > fixed.yaml", "Fix a stream: the fixed manifests on stdout"],
    ]) as unknown as Argv<FixArgs>;
}

export const fixCommand: CommandModule<object, FixArgs> = {
  command: "fix",
  describe: "Fix manifest files in place: shows the changes, applies them after confirmation, then says what remains",
  builder,
  handler: async (argv) => {
    const { fix } = await import("./handler.js");
    process.exitCode = await fix(argv, processIo());
  },
};
