import { assembleSnapshot, closest, loadOfflineParts, UserError, type Snapshot, type SnapshotOptions } from "@wid/core";
import { wordProblems } from "./setting-words.js";
import type { Io } from "./io.js";
import type { ReportView } from "./tui/report-view.js";
import type { AzureLiveArgs } from "./live/azure-options.js";

/** The flags that say what to read: manifests, Azure exports, a live cluster, live Azure. */
export interface InputArgs extends AzureLiveArgs {
  filename: string[];
  azure: string[];
  namespace: string | undefined;
  allNamespaces: boolean;
  kubeconfig: string | undefined;
  context: string | undefined;
  requestTimeout: string | undefined;
  cluster: string | undefined;
  target: string[];
}

/** The live cluster a run read, for the report's words. */
export interface ClusterRead {
  context: string;
  server: string;
  /** Every namespace (`-A`), or the one read. */
  scope: string;
  objects: number;
  requests: number;
}

export interface Inputs {
  snapshot: Snapshot;
  cluster?: ClusterRead;
}

const INPUT_HINT = "read a live cluster with --kubeconfig/--context (or KUBECONFIG), manifests with -f (a file, a directory, or - for stdin), Azure CLI exports with --azure";

/** The live reads of Azure and of the issuer: what `loadLiveSnapshot` calls once the cluster is read. */
type LiveHooks = Pick<import("@wid/core/sources/live").LiveSnapshotOptions, "azure" | "issuer">;

/** The cluster is read unless manifests alone are asked for: no -f, or a kubeconfig or context named. */
export function wantsLive(args: Pick<InputArgs, "filename" | "kubeconfig" | "context">): boolean {
  return args.filename.length === 0 || args.kubeconfig !== undefined || args.context !== undefined;
}

/** `--request-timeout` as kubectl writes it: `30s`, `1m`, `500ms`, or plain seconds; never 0 (every wait has a timeout). */
export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "ms" | "s" | "m" | "h"] : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new UserError(`--request-timeout ${value}: not a duration above zero`, { hint: "write it as kubectl does: 30s, 2m, 500ms (plain numbers are seconds)" });
  return ms;
}

function snapshotOptions(args: InputArgs): SnapshotOptions {
  return { ...(args.cluster !== undefined ? { clusterName: args.cluster } : {}), ...(args.target.length ? { targets: args.target } : {}) };
}

/**
 * Reads what the flags name: manifests and Azure exports from files, and the live cluster of the
 * kubeconfig unless only manifests were asked for. Without any kubeconfig and with other input,
 * the cluster is left out and the checks that need it say so; with nothing at all to read, it is
 * the user's mistake.
 */
export async function loadInputs(args: InputArgs, io: Io, view: ReportView): Promise<Inputs> {
  const inputs = await readInputs(args, io, view);
  await wordProblems(inputs.snapshot.coverage.problems);
  return inputs;
}

async function readInputs(args: InputArgs, io: Io, view: ReportView): Promise<Inputs> {
  const azure = args.azure;
  const timeoutMs = parseTimeout(args.requestTimeout);
  const options = snapshotOptions(args);
  const files = () =>
    loadOfflineParts({
      manifests: args.filename,
      azure,
      ...(args.namespace !== undefined ? { defaultNamespace: args.namespace } : {}),
      stdin: io.stdin,
      onProgress: (p) => view.loading(p),
    });
  if (!wantsLive(args)) return { snapshot: assembleSnapshot({ parts: await files(), options }) };

  const live = await import("@wid/core/sources/live");
  const explicit = args.kubeconfig !== undefined || args.context !== undefined;
  const choice = { ...(args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : {}), ...(args.context !== undefined ? { context: args.context } : {}), env: io.env };
  if (!explicit && !live.kubeconfigAvailable(choice)) {
    if (azure.length === 0) throw new UserError("nothing to check: no kubeconfig (KUBECONFIG is not set and ~/.kube/config does not exist), no manifests (-f) and no Azure CLI exports (--azure)", { hint: INPUT_HINT });
    // the exports alone: what needs the cluster says why it did not run
    const snapshot = assembleSnapshot({ parts: await files(), options });
    const gap = { code: "unavailable" as const, resource: "a live cluster", detail: "no kubeconfig: KUBECONFIG is not set and ~/.kube/config does not exist" };
    for (const key of ["kube", "cluster", "cluster.webhooks", "cluster.namespaces", "runtime.events", "runtime.logs"] as const) if (!snapshot.coverage.available.has(key)) snapshot.coverage.gaps.set(key, gap);
    return { snapshot };
  }
  const parts = await files();
  const hooks = await liveHooks(args, io, view, live.resolveKubeconfig(choice).kc);
  const { snapshot, cluster } = await live.loadLiveSnapshot({
    ...choice,
    ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
    allNamespaces: args.allNamespaces,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    onProgress: (p) => view.reading(p),
    parts,
    options,
    ...hooks,
  });
  const requests = Object.values(cluster.requests).reduce((n, r) => n + r, 0);
  return {
    snapshot,
    cluster: { context: cluster.context.name, server: cluster.context.server, scope: args.allNamespaces ? "every namespace" : `namespace ${cluster.context.namespace ?? "default"}`, objects: cluster.objects.length, requests },
  };
}

/**
 * Live Azure, unless Azure CLI exports were given (they are what the user chose, and win), and
 * the issuer's evidence (a token minted from the cluster, the issuer's documents and keys).
 */
async function liveHooks(args: InputArgs, io: Io, view: ReportView, kc: import("@wid/core/sources/live-issuer").KubeInput): Promise<LiveHooks> {
  const { azureLiveFor, issuerEvidenceFor } = await import("./live/azure.js");
  return {
    ...(args.azure.length === 0 ? { azure: azureLiveFor(args, { onProgress: (p) => view.readingAzure(p), env: io.env }) } : {}),
    issuer: issuerEvidenceFor(kc),
  };
}

/** `--cluster` must name one of the AKS clusters read, when clusters were read. */
export function checkClusterName(snapshot: Snapshot, name: string): void {
  const names = snapshot.azure.clusters.map((c) => c.name);
  if (names.length === 0 || names.some((n) => n.toLowerCase() === name.toLowerCase())) return;
  const near = closest(name, names, 4).slice(0, 1);
  throw new UserError(`--cluster ${name}: no exported AKS cluster has that name`, {
    hint: `${near.length ? `did you mean "${near[0]}"? ` : ""}the exports hold: ${names.join(", ")}`,
  });
}
