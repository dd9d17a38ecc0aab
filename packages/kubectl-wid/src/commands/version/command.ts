import type { CommandModule } from "yargs";
import { VERSION } from "../../build-info.js";

export const versionCommand: CommandModule = {
  command: "version",
  describe: "Print the version of kubectl wid",
  handler: () => {
    process.stdout.write(`kubectl-wid ${VERSION}\n`);
  },
};
