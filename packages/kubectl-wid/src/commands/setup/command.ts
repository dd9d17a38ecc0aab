import type { Argv, CommandModule } from "yargs";
import { processIo } from "../../io.js";
import { AZURE_LIVE_OPTIONS, azureLiveOptions } from "../../live/azure-options.js";
import { SETUP_OUTPUTS, type SetupArgs, type SetupOutput } from "./args.js";

export const setupCommand: CommandModule<object, SetupArgs> = {
  command: "setup",
  describe: "Wire a ServiceAccount to a managed identity: annotate (or create) it, trust it from the identity with the cluster's issuer, optionally create the identity and grant it a role",
  builder: (y: Argv) =>
    azureLiveOptions(
      y
        .option("namespace", { requiresArg: true, alias: "n", type: "string", describe: "The ServiceAccount's namespace (default: the context's namespace, else default)" })
        .option("service-account", { requiresArg: true, type: "string", demandOption: true, describe: "The ServiceAccount (created when it does not exist)" })
        .option("identity", { requiresArg: true, type: "string", demandOption: true, describe: "The user-assigned managed identity: its name or its client id" })
        .option("create-identity", { type: "boolean", default: false, describe: "Create the identity when none has that name (with --resource-group and --location)" })
        .option("resource-group", { requiresArg: true, type: "string", describe: "The identity's resource group (where to look for it by name, and to create it)" })
        .option("location", { requiresArg: true, type: "string", describe: "Where to create the identity (e.g. eastus)" })
        .option("role", { requiresArg: true, type: "string", describe: "A role to grant the identity (name or definition GUID), with --scope" })
        .option("scope", { requiresArg: true, type: "string", describe: "The resource id the role is granted on (e.g. a Key Vault's)" })
        .option("overwrite", { type: "boolean", default: false, describe: "Point a ServiceAccount that names another identity at this one" })
        .option("kubeconfig", { requiresArg: true, type: "string", describe: "Kubeconfig file (default: KUBECONFIG, else ~/.kube/config)" })
        .option("context", { requiresArg: true, type: "string", describe: "Kubeconfig context (default: the current one)" })
        .option("request-timeout", { requiresArg: true, type: "string", describe: "How long to wait for each answer: 30s, 2m (default 15s for the cluster, 30s for Azure)" }),
    )
      .option("dry-run", { type: "boolean", default: false, describe: "Print the plan and what the API server and Azure say of it; change nothing" })
      .option("output", { alias: "o", choices: SETUP_OUTPUTS, default: "text" as SetupOutput, describe: "yaml: print the ServiceAccount's manifest (and the Azure commands as comments) instead of applying, for GitOps" })
      .option("yes", { alias: "y", type: "boolean", default: false, describe: "Apply without asking (needed off a terminal)" })
      .option("color", { type: "boolean", default: true, describe: "Colour on a terminal (--no-color or NO_COLOR turn it off)" })
      .option("tty", { type: "boolean", default: true, describe: "Ask on a terminal (--no-tty never asks: the plan only, unless --yes)" })
      .group(["namespace", "service-account", "kubeconfig", "context", "request-timeout"], "ServiceAccount:")
      .group(["identity", "create-identity", "resource-group", "location", "role", "scope", "overwrite", ...AZURE_LIVE_OPTIONS], "Azure:")
      .group(["dry-run", "output", "yes"], "Applying:")
      .example([
        ["$0 setup -n shop --service-account orders --identity id-orders", "Annotate shop/orders with id-orders' client id and trust it from id-orders with the cluster's issuer"],
        ["$0 setup -n shop --service-account cart --identity id-cart --create-identity --resource-group rg-apps --location eastus", "The same, creating the identity first"],
        ["$0 setup -n shop --service-account orders --identity id-orders --role 'Key Vault Secrets User' --scope /subscriptions/.../vaults/kv-shop", "Grant it a role too"],
        ["$0 setup -n shop --service-account orders --identity id-orders -o yaml", "Print the ServiceAccount's manifest (and the az commands) for a GitOps repository"],
      ]) as unknown as Argv<SetupArgs>,
  handler: async (argv) => {
    const { setup } = await import("./handler.js");
    process.exitCode = await setup(argv, processIo());
  },
};
