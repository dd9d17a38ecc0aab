import type { Argv, CommandModule } from "yargs";
import { processIo } from "../../io.js";
import { listOption } from "../../list-option.js";
import { INPUT_GROUP, inputOptions } from "../../input-options.js";
import { FAIL_ON, OUTPUT_FORMATS, type DoctorArgs, type FailOn, type OutputFormat } from "./args.js";

function builder(y: Argv): Argv<DoctorArgs> {
  return inputOptions(y)
    .option("allow-empty", { type: "boolean", default: false, describe: "Accept -f or --azure paths that hold nothing to check (by default an input error)" })
    .option("check", { requiresArg: true, type: "string", coerce: listOption, default: [], defaultDescription: "all", describe: "Run only these check ids. Repeatable or comma-separated" })
    .option("skip", { requiresArg: true, type: "string", coerce: listOption, default: [], defaultDescription: "none", describe: "Do not run these check ids. Repeatable or comma-separated" })
    .option("output", { alias: "o", choices: OUTPUT_FORMATS, default: "text" as OutputFormat, describe: "Output format" })
    .option("fail-on", { choices: FAIL_ON, default: "error" as FailOn, describe: "Exit 1 when a finding has this severity or a higher one" })
    .option("verbose", { type: "boolean", default: false, describe: "Also show skipped input and list every check that did not run" })
    .option("color", { type: "boolean", default: true, describe: "Colour on a terminal (--no-color or NO_COLOR turn it off)" })
    .option("tty", { type: "boolean", default: true, describe: "Show progress on a terminal (--no-tty prints the report alone, as in a pipe)" })
    .option("interactive", { type: "boolean", default: true, describe: "On a terminal, browse the findings with the keyboard, preview and apply fixes (--no-interactive prints the report)" })
    .group([...INPUT_GROUP, "allow-empty"], "Input:")
    .group(["check", "skip", "fail-on"], "Checks:")
    .group(["output", "verbose", "color", "tty", "interactive"], "Output:")
    .example([
      ["$0 doctor -A", "The live cluster of the current context, every namespace"],
      ["$0 doctor --context prod -n shop --azure azure/", "One namespace of another context, with Azure CLI exports"],
      ["$0 doctor -f k8s/ --azure azure/", "Manifests and Azure CLI exports"],
      ["helm template ./chart | $0 doctor -f -", "Rendered Helm output, from stdin"],
      ["$0 doctor -f k8s/ -o sarif > wid.sarif", "SARIF for code scanning"],
    ]) as unknown as Argv<DoctorArgs>;
}

export const doctorCommand: CommandModule<object, DoctorArgs> = {
  command: "doctor",
  describe: "Diagnose workload identity: the live cluster (or manifests), Azure, and the chain between them",
  builder,
  handler: async (argv) => {
    const { doctor } = await import("./handler.js");
    process.exitCode = await doctor(argv, processIo());
  },
};
