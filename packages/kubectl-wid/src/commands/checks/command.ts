import type { Argv, CommandModule } from "yargs";
import { processIo } from "../../io.js";
import { CHECK_LIST_FORMATS, type ChecksArgs } from "./args.js";

export const checksCommand: CommandModule<object, ChecksArgs> = {
  command: "checks",
  describe: "List every check: id, severity, the data it needs, and whether this version implements it",
  builder: (y: Argv) =>
    y.option("output", { alias: "o", choices: CHECK_LIST_FORMATS, default: "text" as ChecksArgs["output"], describe: "Output format" }) as unknown as Argv<ChecksArgs>,
  handler: async (argv) => {
    const { checks } = await import("./handler.js");
    process.exitCode = await checks(argv, processIo());
  },
};
