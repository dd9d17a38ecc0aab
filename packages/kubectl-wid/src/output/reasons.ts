import { DATA_KEYS, describeNotRun, type NotRunReason } from "@wid/core";

/** Why a check did not run, in the command line's words: which flag brings the missing data. */
export function notRunText(reason: NotRunReason): string {
  switch (reason.code) {
    case "missing-data": {
      const { what, export: command } = DATA_KEYS[reason.data];
      if (reason.gap.code !== "not-given") return describeNotRun(reason);
      if (reason.data === "kube") return "no Kubernetes objects were loaded: pass manifests with -f, or use a live cluster";
      return command ? `needs ${what}: add --azure with the output of \`${command}\`` : `needs ${what}`;
    }
    case "clusters-ambiguous":
      return `the exports hold ${reason.clusters.length} AKS clusters (${reason.clusters.join(", ")}); choose one with --cluster NAME`;
    case "cluster-unknown":
      return `--cluster ${reason.name}: no exported AKS cluster has that name (exported: ${reason.clusters.join(", ") || "none"})`;
    case "no-cluster":
      return `no AKS cluster was exported: add --azure with the output of \`${DATA_KEYS["azure.clusters"].export}\``;
    default:
      return describeNotRun(reason);
  }
}
