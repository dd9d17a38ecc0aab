import { DATA_KEYS, describeGap, describeNotRun, type DataGap, type DataKey, type NotRunReason, type SnapshotPart } from "@wid/core";
import type { ReadError } from "./tree-model.js";

const AZURE_KEYS: ReadonlySet<DataKey> = new Set(["azure.identities", "azure.federatedCredentials", "azure.roleAssignments", "azure.clusters", "azure.keyVaults"]);
const LIVE_KEYS: ReadonlySet<DataKey> = new Set(["cluster", "runtime.events", "runtime.logs", "runtime.issuer"]);

/** What the user can do in the editor so that a check runs: the settings to set, the command to run. */
export function remedy(reason: NotRunReason): string | undefined {
  switch (reason.code) {
    case "missing-data":
      if (reason.gap.code !== "not-given") return undefined;
      if (AZURE_KEYS.has(reason.data)) {
        const command = DATA_KEYS[reason.data].export;
        return `add the JSON of \`${command}\` to the setting wid.azure.exportPaths, or name your subscriptions in wid.azure.subscriptions`;
      }
      if (LIVE_KEYS.has(reason.data)) return "read the cluster: the Workload Identity view shows it (settings wid.kubeconfig and wid.context)";
      if (reason.data === "webhook-config") return "open or add the webhook's ConfigMap azure-wi-webhook-config, or read the cluster";
      return undefined;
    case "clusters-ambiguous":
    case "cluster-unknown":
      return "name the AKS cluster in the setting wid.azure.clusterName";
    default:
      return undefined;
  }
}

/** A not-run reason as the editor says it: the core's words, and what to set. */
export function describeNotRunInEditor(reason: NotRunReason): string {
  const why = describeNotRun(reason);
  const fix = remedy(reason);
  return fix ? `${why}: ${fix}` : why;
}

/** What a live read of Azure could not read, as the tree's error nodes (one per distinct reason). */
export function azureReadErrors(part: SnapshotPart): ReadError[] {
  return part.kind === "azure" ? azureGapErrors(part.export.gaps) : [];
}

/** The gaps of Azure data that a read left (refused, not found, timed out, unavailable), as error nodes. */
export function azureGapErrors(gaps: ReadonlyMap<DataKey, DataGap>): ReadError[] {
  const out = new Map<string, ReadError>();
  for (const [key, gap] of gaps) {
    if (!AZURE_KEYS.has(key) || gap.code === "not-given" || gap.code === "nothing-read") continue;
    const message = describeGap(key, gap);
    out.set(message, { what: "Azure", message, hint: "wid reads Azure with your sign-in (Azure CLI `az login`, or the environment's credentials) for the subscriptions in wid.azure.subscriptions" });
  }
  return [...out.values()];
}
