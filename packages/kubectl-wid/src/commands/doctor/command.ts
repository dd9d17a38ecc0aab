import type { Argv, CommandModule } from "yargs";
import { processIo } from "../../io.js";
import { listOption } from "../../list-option.js";
import { FAIL_ON, OUTPUT_FORMATS, type DoctorArgs, type FailOn, type OutputFormat } from "./args.js";

function builder(y: Argv): Argv<DoctorArgs> {
  return y
    .option("filename", { requiresArg: true,
      alias: "f",
      type: "string",
      coerce: listOption,
      default: [],
      defaultDescription: "none",
      describe: "Manifests to check: a file, a directory (recursive), or - for stdin. Repeatable",
    })
    .option("azure", { requiresArg: true,
      type: "string",
      coerce: listOption,
      default: [],
      defaultDescription: "none",
      describe: "JSON exported with the Azure CLI (az identity list, az aks show, ...): a file or a directory. Repeatable",
    })
    .option("namespace", { requiresArg: true, alias: "n", type: "string", describe: "Namespace for manifest objects that name none" })
    .option("all-namespaces", { alias: "A", type: "boolean", default: false, describe: "Check every namespace (what manifests hold is always checked in full)" })
    .option("kubeconfig", { requiresArg: true, type: "string", describe: "Kubeconfig of a live cluster (not available yet)" })
    .option("context", { requiresArg: true, type: "string", describe: "Kubeconfig context of a live cluster (not available yet)" })
    .option("cluster", { requiresArg: true, type: "string", describe: "Which exported AKS cluster the manifests belong to, when the exports hold several" })
    .option("target", { requiresArg: true,
      type: "string",
      coerce: listOption,
      default: [],
      defaultDescription: "none",
      describe: "Azure resource id a workload must reach (for role checks). Repeatable",
    })
    .option("allow-empty", { type: "boolean", default: false, describe: "Accept -f or --azure paths that hold nothing to check (by default an input error)" })
    .option("check", { requiresArg: true, type: "string", coerce: listOption, default: [], defaultDescription: "all", describe: "Run only these check ids. Repeatable or comma-separated" })
    .option("skip", { requiresArg: true, type: "string", coerce: listOption, default: [], defaultDescription: "none", describe: "Do not run these check ids. Repeatable or comma-separated" })
    .option("output", { alias: "o", choices: OUTPUT_FORMATS, default: "text" as OutputFormat, describe: "Output format" })
    .option("fail-on", { choices: FAIL_ON, default: "error" as FailOn, describe: "Exit 1 when a finding has this severity or a higher one" })
    .option("verbose", { type: "boolean", default: false, describe: "Also show skipped input and list every check that did not run" })
    .option("color", { type: "boolean", default: true, describe: "Colour on a terminal (--no-color or NO_COLOR turn it off)" })
    .option("tty", { type: "boolean", default: true, describe: "Show progress on a terminal (--no-tty prints the report alone, as in a pipe)" })
    .group(["filename", "azure", "namespace", "all-namespaces", "kubeconfig", "context", "cluster", "target", "allow-empty"], "Input:")
    .group(["check", "skip", "fail-on"], "Checks:")
    .group(["output", "verbose", "color", "tty"], "Output:")
    .example([
      ["$0 doctor -f k8s/ --azure azure/", "Manifests and Azure CLI exports"],
      ["helm template ./chart | $0 doctor -f -", "Rendered Helm output, from stdin"],
      ["$0 doctor -f k8s/ -o sarif > wid.sarif", "SARIF for code scanning"],
    ]) as unknown as Argv<DoctorArgs>;
}

export const doctorCommand: CommandModule<object, DoctorArgs> = {
  command: "doctor",
  describe: "Diagnose workload identity: manifests, Azure exports, and the chain between them",
  builder,
  handler: async (argv) => {
    const { doctor } = await import("./handler.js");
    process.exitCode = await doctor(argv, processIo());
  },
};
