import type { Argv, CommandModule } from "yargs";
import { processIo } from "../../io.js";
import { VERSION_FORMATS, type VersionArgs } from "./args.js";

export const versionCommand: CommandModule<object, VersionArgs> = {
  command: "version",
  describe: "Print the version, the commit it was built from, the platform and the runtime inside",
  builder: (y: Argv) =>
    y.option("output", { alias: "o", choices: VERSION_FORMATS, default: "text" as VersionArgs["output"], describe: "Output format" }) as unknown as Argv<VersionArgs>,
  handler: async (argv) => {
    const { version } = await import("./handler.js");
    process.exitCode = await version(argv, processIo());
  },
};
