/**
 * What the editor reads and writes live, loaded only when it is asked for (dist/live.js): the
 * cluster of a kubeconfig context (@kubernetes/client-node) and Azure through the user's sign-in
 * (the Azure SDKs), and the core's executors for the fixes the user confirms. Neither activation
 * nor the engine loads it.
 */
import { isUserError, type InputProblem, type KubeObject, type LivePlan, type Snapshot, type SnapshotPart } from "@wid/core";
import { applyAzurePlan, applyClusterPlan, rolloutsOf, waitForRollouts, type LiveTargets, type RolloutState, type StepOutcome } from "@wid/core/executors/live";
import { loadLiveSnapshot, resolveKubeconfig } from "@wid/core/sources/live";
import { azureLookupsOf, loadAzureLive } from "@wid/core/sources/live-azure";
import { verifyServiceAccount, type VerifyOutcome } from "@wid/core/sources/live-verify";
import { editorProblem, editorWords } from "../engine/setting-words.js";

export interface AzureRead {
  part: SnapshotPart;
  requests: number;
}

/** Which identities and vaults the manifests name: what a read of Azure is about (a key to tell when to read again). */
export function azureLookups(objects: readonly KubeObject[]): { clientIds: string[]; keyVaultNames: string[] } {
  const { clientIds, keyVaultNames } = azureLookupsOf(objects);
  return { clientIds: [...clientIds].sort(), keyVaultNames: [...keyVaultNames].sort() };
}

/**
 * Reads Azure with the user's sign-in (DefaultAzureCredential: environment, workload identity,
 * managed identity, Azure CLI, ...) for the identities and vaults the manifests name. What cannot
 * be read comes back as gaps of the part, never as an error; only an abort rejects.
 */
export async function readAzure(opts: { subscriptions: string[]; objects: readonly KubeObject[]; signal?: AbortSignal }): Promise<AzureRead> {
  const wanted = azureLookups(opts.objects);
  return loadAzureLive({ ...wanted, subscriptions: opts.subscriptions, ...(opts.signal ? { signal: opts.signal } : {}) });
}

export interface ClusterReadOptions {
  /** The setting wid.kubeconfig; else KUBECONFIG, else ~/.kube/config, as kubectl. */
  kubeconfig: string | undefined;
  /** The setting wid.context; else the kubeconfig's current context. */
  context: string | undefined;
  /** Azure exports the settings name: they are used for the cluster too, and win over live Azure. */
  exportParts: readonly SnapshotPart[];
  /** Subscriptions to read live Azure in (with the user's sign-in), when no export is given. */
  subscriptions: string[];
  clusterName: string | undefined;
  signal: AbortSignal;
}

export type ClusterRead =
  | { ok: true; context: { name: string; server: string }; snapshot: Snapshot; problems: InputProblem[] }
  /** The kubeconfig cannot be used, or the cluster cannot be reached at all. */
  | { ok: false; context: { name: string; server: string } | undefined; message: string; hint: string | undefined };

/**
 * Reads the cluster of the kubeconfig context, every namespace the user may read, and Azure for
 * it (the exports, else live Azure when subscriptions are named). Never throws for what the
 * cluster or Azure refuse: a cluster that cannot be reached at all, or a kubeconfig that cannot
 * be used, is `ok: false` with the reason; what could not be read of a reachable one is in the
 * snapshot's coverage.
 */
export async function readCluster(opts: ClusterReadOptions): Promise<ClusterRead> {
  let context: { name: string; server: string } | undefined;
  try {
    const choice = { ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}), ...(opts.context ? { context: opts.context } : {}) };
    const resolved = resolveKubeconfig(choice);
    context = { name: resolved.context.name, server: resolved.context.server };
    const wantsAzure = opts.exportParts.length === 0 && opts.subscriptions.length > 0;
    const { snapshot, cluster } = await loadLiveSnapshot({
      ...choice,
      allNamespaces: true,
      signal: opts.signal,
      timeoutMs: 15_000,
      parts: opts.exportParts,
      ...(opts.clusterName ? { options: { clusterName: opts.clusterName } } : {}),
      ...(wantsAzure
        ? {
            azure: async (c) => {
              const wanted = azureLookupsOf(c.objects);
              const { part } = await loadAzureLive({ ...wanted, clusterServer: c.context.server, subscriptions: opts.subscriptions, signal: opts.signal });
              return part;
            },
          }
        : {}),
    });
    context = { name: cluster.context.name, server: cluster.context.server };
    // a cluster that could not be reached at all is said as such, not as a tree of nothing
    // the tree shows the snapshot's problems: in the editor's words
    snapshot.coverage.problems.splice(0, Infinity, ...snapshot.coverage.problems.map(editorProblem));
    const fatal = snapshot.coverage.problems.find((p) => p.severity === "error" && p.file === cluster.context.server);
    if (fatal && cluster.objects.length === 0) return { ok: false, context, message: fatal.message, hint: fatal.hint };
    const problems = snapshot.coverage.problems.filter((p) => p !== fatal);
    return { ok: true, context, snapshot, problems };
  } catch (e) {
    if (opts.signal.aborted) throw e;
    if (isUserError(e)) return { ok: false, context, message: editorWords(e.message), hint: editorWords(e.hint) };
    throw e;
  }
}

export type LiveVerification = { ok: true; outcome: VerifyOutcome } | { ok: false; message: string; hint: string | undefined };

/**
 * Proves, on the cluster of the kubeconfig context, that a ServiceAccount's workload identity
 * gets an Entra ID token (a token minted through TokenRequest, the issuer's documents, the
 * exchange with Entra ID), and reads its chain to explain a failure. Nothing is written; no token
 * is kept or shown. A ServiceAccount or kubeconfig that cannot be read is `ok: false` with why.
 */
export async function verify(opts: { kubeconfig: string | undefined; context: string | undefined; namespace: string; serviceAccount: string; subscriptions: string[]; signal: AbortSignal }): Promise<LiveVerification> {
  try {
    const outcome = await verifyServiceAccount({
      kube: { ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}), ...(opts.context ? { context: opts.context } : {}) },
      namespace: opts.namespace,
      serviceAccount: opts.serviceAccount,
      ...(opts.subscriptions.length ? { subscriptions: opts.subscriptions } : {}),
      timeoutMs: 30_000,
      signal: opts.signal,
    });
    return { ok: true, outcome };
  } catch (e) {
    if (opts.signal.aborted) throw e;
    if (isUserError(e)) return { ok: false, message: editorWords(e.message), hint: editorWords(e.hint) };
    throw e;
  }
}

export interface LiveFixTargets {
  /** The setting wid.kubeconfig; else KUBECONFIG, else ~/.kube/config, as the tree reads the cluster. */
  kubeconfig: string | undefined;
  /** The setting wid.context; else the kubeconfig's current context. */
  context: string | undefined;
  /** The subscriptions the tree reads Azure in; the credential is the same sign-in the reads use. */
  subscriptions: string[];
  signal: AbortSignal;
}

export type LiveFixRun = { ok: true; outcomes: StepOutcome[] } | { ok: false; message: string; hint: string | undefined };

function targetsOf(t: LiveFixTargets): LiveTargets {
  return {
    kube: { ...(t.kubeconfig ? { kubeconfig: t.kubeconfig } : {}), ...(t.context ? { context: t.context } : {}) },
    azure: t.subscriptions.length ? { subscriptions: t.subscriptions } : {},
    signal: t.signal,
  };
}

/**
 * Applies a fix's live plans in order with the core's executors (`dryRun`: checks them and writes
 * nothing): each cluster step guarded by the object's uid and resourceVersion and the API server's
 * dry run before any is written, each Azure step's precondition read before its write. A plan
 * after one that did not apply is not tried. What the cluster and Azure answer is an outcome; a
 * kubeconfig that cannot be used is `ok: false` with why.
 */
export async function applyLiveFix(plans: readonly LivePlan[], t: LiveFixTargets, opts: { dryRun?: boolean; onStep?: (o: StepOutcome) => void } = {}): Promise<LiveFixRun> {
  const targets = targetsOf(t);
  const out: StepOutcome[] = [];
  const onStep = (o: StepOutcome) => opts.onStep?.(o);
  try {
    for (const plan of plans) {
      if (out.some((o) => o.status === "refused" || o.status === "failed")) {
        for (const step of plan.steps) {
          const o: StepOutcome = { step, status: "refused", reason: `${step.command.split("\n")[0]}: not run, because an earlier step of this fix did not apply` };
          onStep(o);
          out.push(o);
        }
        continue;
      }
      const run = plan.target === "cluster" ? applyClusterPlan(plan, targets, { ...(opts.dryRun ? { dryRun: true } : {}), onStep }) : applyAzurePlan(plan, targets, { ...(opts.dryRun ? { dryRun: true } : {}), onStep });
      out.push(...(await run));
    }
    return { ok: true, outcomes: out };
  } catch (e) {
    if (t.signal.aborted) throw e;
    if (isUserError(e)) return { ok: false, message: e.message, hint: e.hint };
    throw e;
  }
}

/** Waits, as `kubectl rollout status` does, for the workloads a fix restarted: their new pods are what the doctor reads next. */
export async function waitForRestarts(outcomes: readonly StepOutcome[], t: LiveFixTargets, timeoutMs: number): Promise<RolloutState[]> {
  const restarted = rolloutsOf(outcomes.flatMap((o) => (o.status === "applied" && "object" in o.step ? [o.step] : [])));
  if (restarted.length === 0) return [];
  return waitForRollouts(restarted, targetsOf(t), { timeoutMs });
}
