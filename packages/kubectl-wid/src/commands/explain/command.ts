import type { Argv, CommandModule } from "yargs";
import { processIo } from "../../io.js";
import { type ExplainArgs } from "./args.js";

export const explainCommand: CommandModule<object, ExplainArgs> = {
  command: "explain <id>",
  describe: "Explain a check: why it fires, what you see, how to fix it",
  builder: (y: Argv) =>
    y
      .positional("id", { type: "string", describe: "Check id, as printed by doctor (e.g. sa-client-id-missing)" })
      .example("$0 explain fic-issuer-mismatch", "") as unknown as Argv<ExplainArgs>,
  handler: async (argv) => {
    const { explain } = await import("./handler.js");
    process.exitCode = await explain(argv, processIo());
  },
};
