import type { Argv } from "yargs";
import { listOption } from "./list-option.js";
import { AZURE_LIVE_OPTIONS, azureLiveOptions } from "./live/azure-options.js";

/** The flags that say what to read, as kubectl names them; doctor and status share them. */
export function inputOptions<T>(y: Argv<T>): Argv<T> {
  return azureLiveOptions(y)
    .option("filename", {
      requiresArg: true,
      alias: "f",
      type: "string",
      coerce: listOption,
      default: [],
      defaultDescription: "none",
      describe: "Manifests to check: a file, a directory (recursive), or - for stdin. Repeatable. Without -f, the live cluster is read",
    })
    .option("azure", {
      requiresArg: true,
      type: "string",
      coerce: listOption,
      default: [],
      defaultDescription: "none",
      describe: "JSON exported with the Azure CLI (az identity list, az aks show, ...): a file or a directory. Repeatable. Without --azure, live Azure is read",
    })
    .option("namespace", { requiresArg: true, alias: "n", type: "string", describe: "Namespace of the live cluster to read (default: the context's), and for manifest objects that name none" })
    .option("all-namespaces", { alias: "A", type: "boolean", default: false, describe: "Read every namespace of the live cluster you may read (what manifests hold is always checked in full)" })
    .option("kubeconfig", { requiresArg: true, type: "string", describe: "Kubeconfig file of the live cluster (default: KUBECONFIG, else ~/.kube/config)" })
    .option("context", { requiresArg: true, type: "string", describe: "Kubeconfig context of the live cluster (default: the current context)" })
    .option("request-timeout", { requiresArg: true, type: "string", describe: "How long to wait for each answer of the cluster: 30s, 2m (default 15s)" })
    .option("cluster", { requiresArg: true, type: "string", describe: "Which AKS cluster of the Azure data the workloads belong to, when it holds several" })
    .option("target", {
      requiresArg: true,
      type: "string",
      coerce: listOption,
      default: [],
      defaultDescription: "none",
      describe: "Azure resource id a workload must reach (for role checks). Repeatable",
    }) as unknown as Argv<T>;
}

export const INPUT_GROUP = ["filename", "azure", "namespace", "all-namespaces", "kubeconfig", "context", "request-timeout", ...AZURE_LIVE_OPTIONS, "cluster", "target"];
