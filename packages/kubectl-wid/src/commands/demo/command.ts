import type { Argv, CommandModule } from "yargs";
import { processIo } from "../../io.js";
import { type DemoArgs } from "./args.js";
import { OUTPUT_FORMATS, type OutputFormat } from "../doctor/args.js";

export const demoCommand: CommandModule<object, DemoArgs> = {
  command: "demo",
  describe: "Run the doctor against a simulated AKS cluster and Azure with typical mistakes, or serve them for kubectl",
  builder: (y: Argv) =>
    y
      .option("scenario", { requiresArg: true, type: "string", default: "default", describe: "A built-in scenario (default, webhook-down, webhook-1.5, issuer-unreachable, medium, large, empty) or a scenario file (.yaml/.json)" })
      .option("serve", { type: "boolean", default: false, describe: "Keep the simulated cluster, ARM, Entra ID and issuer running until Ctrl-C, and print the shell exports that point kubectl and wid at them" })
      .option("save-env", {
        alias: "env-file",
        requiresArg: true,
        type: "string",
        describe: "With --serve: save the export lines to this file (mode 600) instead of printing them (--env-file works too when Node.js runs wid; the released executable's runtime takes --env-file as its own)",
      })
      .option("export", { requiresArg: true, type: "string", describe: "Also write the simulated world's manifests and Azure CLI JSON to this folder, to run the doctor on offline (-f and --azure)" })
      .option("output", { alias: "o", choices: OUTPUT_FORMATS, default: "text" as OutputFormat, describe: "Output format of the doctor's report" })
      .option("color", { type: "boolean", default: true, describe: "Colour on a terminal (--no-color or NO_COLOR turn it off)" })
      .option("tty", { type: "boolean", default: true, describe: "Show progress on a terminal (--no-tty prints the report alone, as in a pipe)" })
      .option("interactive", { type: "boolean", default: true, describe: "On a terminal, browse the findings with the keyboard, preview and apply fixes (--no-interactive prints the report)" })
      .example([
        ["$0 demo", "The doctor's report on the default scenario"],
        ["$0 demo --export wid-demo", "The same, keeping the world's manifests and Azure CLI JSON"],
        ["$0 demo --serve --save-env /tmp/wid.env", "Serve the world; in another shell: . /tmp/wid.env && kubectl get pods -A"],
      ]) as unknown as Argv<DemoArgs>,
  handler: async (argv) => {
    const { demo } = await import("./handler.js");
    process.exitCode = await demo(argv, processIo());
  },
};
