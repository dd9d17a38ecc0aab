import type { Argv, CommandModule } from "yargs";
import { processIo } from "../../io.js";
import { AZURE_LIVE_OPTIONS, azureLiveOptions } from "../../live/azure-options.js";
import { VERIFY_OUTPUTS, type VerifyArgs, type VerifyOutput } from "./args.js";

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: "verify <service-account>",
  describe: "Prove a ServiceAccount can get an Entra ID token: mint one, check it against the issuer, exchange it, and explain a failure",
  builder: (y: Argv) =>
    azureLiveOptions(
      y
        .positional("service-account", { type: "string", describe: "The ServiceAccount's name" })
        .option("namespace", { requiresArg: true, alias: "n", type: "string", describe: "Its namespace (default: the context's namespace, else default)" })
        .option("scope", { requiresArg: true, type: "string", describe: "What to ask Entra ID for (default: the Azure Resource Manager's <endpoint>/.default)" })
        .option("kubeconfig", { requiresArg: true, type: "string", describe: "Kubeconfig file (default: KUBECONFIG, else ~/.kube/config)" })
        .option("context", { requiresArg: true, type: "string", describe: "Kubeconfig context (default: the current one)" }),
    )
      .option("output", { alias: "o", choices: VERIFY_OUTPUTS, default: "text" as VerifyOutput, describe: "Output format" })
      .option("color", { type: "boolean", default: true, describe: "Colour on a terminal (--no-color or NO_COLOR turn it off)" })
      .group(["namespace", "scope", "kubeconfig", "context"], "ServiceAccount:")
      .group([...AZURE_LIVE_OPTIONS], "Azure (to explain a failure):")
      .example([
        ["$0 verify -n shop orders", "Mint a token for shop/orders and exchange it with Entra ID"],
        ["$0 verify -n shop orders --scope https://vault.azure.net/.default", "The same, for a token for Key Vault"],
      ]) as unknown as Argv<VerifyArgs>,
  handler: async (argv) => {
    const { verify } = await import("./handler.js");
    process.exitCode = await verify(argv, processIo());
  },
};
