import type { Argv, CommandModule } from "yargs";
import { processIo } from "../../io.js";
import { INPUT_GROUP, inputOptions } from "../../input-options.js";
import { STATUS_FORMATS, type StatusArgs, type StatusFormat } from "./args.js";

function builder(y: Argv): Argv<StatusArgs> {
  return inputOptions(y)
    .option("output", { alias: "o", choices: STATUS_FORMATS, default: "text" as StatusFormat, describe: "Output format" })
    .option("color", { type: "boolean", default: true, describe: "Colour on a terminal (--no-color or NO_COLOR turn it off)" })
    .option("tty", { type: "boolean", default: true, describe: "Show progress on a terminal (--no-tty prints the chains alone, as in a pipe)" })
    .group(INPUT_GROUP, "Input:")
    .group(["output", "color", "tty"], "Output:")
    .example([
      ["$0 status -A", "Every workload that uses workload identity, in every namespace"],
      ["$0 status -n shop -o json", "The chains of one namespace, as JSON"],
    ]) as unknown as Argv<StatusArgs>;
}

export const statusCommand: CommandModule<object, StatusArgs> = {
  command: "status",
  describe: "Show each workload's identity chain: pod -> ServiceAccount -> identity -> federated credentials -> role assignments, each link ok or broken",
  builder,
  handler: async (argv) => {
    const { status } = await import("./handler.js");
    process.exitCode = await status(argv, processIo());
  },
};
