import type { KubeObject } from "../../model/kube.js";
import type { DataGap } from "../../model/finding.js";
import type { Coverage, DataKey, InputProblem, Snapshot, SnapshotOptions } from "../../model/snapshot.js";
import type { RuntimeState } from "../../model/runtime.js";
import { assembleSnapshot, type SnapshotPart } from "../snapshot.js";
import type { SnapshotWorkspace } from "../workspace.js";
import { KubeClient, KubeRequestError, type BackoffOptions } from "./client.js";
import type { IssuerLoad } from "../live-issuer/load.js";
import { resolveKubeconfig } from "./kubeconfig.js";
import { ProgressTracker, type OnLiveProgress } from "./progress.js";
import { DEFAULT_LIMITS, firstGap, LiveReader, type ReadLimits, type ReadResult } from "./read.js";
import { MUTATING_WEBHOOKS, resourceName } from "./resources.js";
import { WI } from "../../wi.js";

export type { LiveProgress, OnLiveProgress, ResourceProgress } from "./progress.js";
export { resolveKubeconfig, kubeconfigAvailable, type ResolvedKubeconfig, type KubeconfigChoice } from "./kubeconfig.js";
export type { BackoffOptions } from "./client.js";
export type { ReadLimits } from "./read.js";

export interface LiveClusterOptions {
  /** `--kubeconfig`: this file alone; else `KUBECONFIG` (several files merged as kubectl does), else ~/.kube/config. */
  kubeconfig?: string;
  /** `--context`; else the kubeconfig's current context. */
  context?: string;
  /** `-n`; else the context's namespace, else `default`. */
  namespace?: string;
  /** `-A`: every namespace the user may read. */
  allNamespaces?: boolean;
  /** Per request attempt, in milliseconds (15 s when omitted). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: OnLiveProgress;
  /** Requests in flight at most (8 when omitted). */
  concurrency?: number;
  /** Waits between retries (tests shorten them). */
  backoff?: BackoffOptions;
  limits?: Partial<ReadLimits>;
  /** Where `KUBECONFIG` and the home directory are read from (the process's environment when omitted). */
  env?: NodeJS.ProcessEnv;
}

/** What a live read found, what it could not read, and how many requests it took. */
export interface LiveCluster {
  objects: KubeObject[];
  coverage: Coverage;
  runtime: RuntimeState;
  context: { name: string; server: string; namespace?: string; user?: string };
  /** Requests per resource (retries included), for measurements. */
  requests: Record<string, number>;
}

/** What to tell a user whose cluster cannot be read at all. */
function fatalProblem(e: Error, server: string, context: string): InputProblem {
  const k = e instanceof KubeRequestError ? e : undefined;
  const hint =
    k?.kind === "credentials" || k?.status === 401
      ? `get fresh credentials for context "${context}" (for AKS: \`az aks get-credentials\`, then \`kubelogin convert-kubeconfig -l azurecli\` with Entra ID)`
      : k?.kind === "timeout"
        ? "the API server did not answer in time: check that it is up and reachable (`kubectl cluster-info`), or raise --request-timeout"
        : `check that the cluster is up and that ${server} is reachable from here (\`kubectl cluster-info --context ${context}\`)`;
  return { severity: "error", file: server, message: `the cluster of context "${context}" could not be read: ${e.message}`, hint };
}

const LIVE_KEYS: readonly DataKey[] = ["kube", "cluster", "cluster.webhooks", "cluster.namespaces", "runtime.events", "runtime.logs"];

function coverageOf(result: ReadResult, server: string, context: string): Coverage {
  const coverage: Coverage = {
    available: new Set(),
    gaps: new Map(),
    problems: [],
    live: { allNamespaces: result.allNamespaces, namespaces: result.namespaces, unread: result.unread, ...(result.named.length ? { named: result.named } : {}) },
  };
  if (result.fatal) {
    const gap: DataGap = { code: result.fatal instanceof KubeRequestError && result.fatal.kind === "timeout" ? "timeout" : "unavailable", resource: `the cluster at ${server}`, detail: result.fatal.message };
    for (const key of LIVE_KEYS) coverage.gaps.set(key, gap);
    coverage.problems.push(fatalProblem(result.fatal, server, context));
    return coverage;
  }
  const set = (key: DataKey, ok: boolean, gap: DataGap | undefined) => {
    if (ok) coverage.available.add(key);
    else coverage.gaps.set(key, gap ?? { code: "nothing-read" });
  };
  const readSomething = result.namespaces.length > 0;
  const nothing = result.unread.find((g) => g.resource === "serviceaccounts")?.gap ?? result.unread[0]?.gap;
  set("kube", readSomething, nothing);
  set("cluster", readSomething, nothing);
  set("cluster.webhooks", result.webhooksRead, firstGap(result.unread, resourceName(MUTATING_WEBHOOKS)));
  set("cluster.namespaces", result.namespaceObjects, firstGap(result.unread, "namespaces"));
  // the webhook's ConfigMap: assembling finds it among the objects; when it is not, say why if the read was refused
  if (!result.objects.some((o) => o.kind === "ConfigMap" && o.name === WI.webhookConfigMap)) {
    const refused = result.unread.find((g) => g.resource === "configmaps" && (g.namespace === undefined || (WI.webhookNamespaces as readonly string[]).includes(g.namespace)));
    if (refused) coverage.gaps.set("webhook-config", refused.gap);
  }
  set("runtime.events", readSomething && result.eventsRead, firstGap(result.unread, "events") ?? nothing);
  set("runtime.logs", readSomething && result.logsRead, firstGap(result.unread, "pods/log") ?? nothing);
  return coverage;
}

/**
 * Reads the cluster a kubeconfig context names, as kubectl would reach it. Never throws for
 * what the cluster refuses or fails to answer: the coverage says what could not be read and
 * why (a cluster that cannot be reached at all is an input problem). Throws a UserError for a
 * kubeconfig that cannot be used (missing, unreadable, no such context).
 */
export async function loadLiveCluster(opts: LiveClusterOptions): Promise<LiveCluster> {
  const resolved = resolveKubeconfig({
    ...(opts.kubeconfig !== undefined ? { kubeconfig: opts.kubeconfig } : {}),
    ...(opts.context !== undefined ? { context: opts.context } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
  const { context } = resolved;
  const namespace = opts.namespace ?? context.namespace ?? "default";
  const progress = new ProgressTracker(context.name, opts.onProgress);
  const client = new KubeClient(resolved.kc, context.server, {
    timeoutMs: opts.timeoutMs ?? 15_000,
    concurrency: opts.concurrency ?? 8,
    progress,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.backoff ? { backoff: opts.backoff } : {}),
  });
  const reader = new LiveReader(client, progress, { ...DEFAULT_LIMITS, ...opts.limits });
  const result = await reader.read(opts.allNamespaces ? { all: true, fallbackNamespace: namespace } : { all: false, namespaces: [namespace] });
  return {
    objects: result.objects,
    coverage: coverageOf(result, context.server, context.name),
    runtime: { events: result.events, logs: result.logs, issuers: [] },
    context: { ...context, ...(opts.allNamespaces ? {} : { namespace }) },
    requests: progress.counts(),
  };
}

export interface LiveSnapshotOptions extends LiveClusterOptions {
  /** Manifests and Azure CLI exports to check with the cluster (their objects win over the cluster's). */
  workspace?: SnapshotWorkspace;
  /** Parts read already (files from the command line), in addition to the workspace's. */
  parts?: readonly SnapshotPart[];
  /** The Azure side of the live doctor: reads Azure for what the cluster names. Exports among the parts win over it. */
  azure?: (cluster: LiveCluster) => Promise<SnapshotPart | undefined>;
  /** The issuer's evidence (data key `runtime.issuer`), read once the cluster and Azure are (AKS states the issuer). */
  issuer?: (cluster: LiveCluster, azure: SnapshotPart | undefined) => Promise<IssuerLoad>;
  now?: number;
  options?: SnapshotOptions;
}

/** Reads the cluster, then Azure for it, and assembles the snapshot the checks see. */
export async function loadLiveSnapshot(opts: LiveSnapshotOptions): Promise<{ snapshot: Snapshot; cluster: LiveCluster }> {
  const cluster = await loadLiveCluster(opts);
  const azurePart = opts.azure ? await opts.azure(cluster) : undefined;
  const coverage: Coverage = { ...cluster.coverage, available: new Set(cluster.coverage.available), gaps: new Map(cluster.coverage.gaps) };
  const runtime: RuntimeState = { ...cluster.runtime, issuers: [...cluster.runtime.issuers] };
  if (opts.issuer) {
    const issuer = await opts.issuer(cluster, azurePart);
    if (issuer.evidence) {
      runtime.issuers.push(issuer.evidence);
      coverage.available.add("runtime.issuer");
      coverage.gaps.delete("runtime.issuer");
    } else coverage.gaps.set("runtime.issuer", issuer.gap);
  }
  const live = { objects: cluster.objects, coverage, runtime };
  const extra = [...(opts.parts ?? []), ...(azurePart ? [azurePart] : [])];
  const common = { ...(opts.now !== undefined ? { now: opts.now } : {}), ...(opts.options ? { options: opts.options } : {}) };
  const snapshot = opts.workspace ? opts.workspace.snapshot({ ...common, live, extraParts: extra }) : assembleSnapshot({ parts: extra, live, ...common });
  return { snapshot, cluster };
}
