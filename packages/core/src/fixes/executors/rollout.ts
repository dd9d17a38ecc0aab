import type { ClusterStep } from "../../model/fix.js";
import type { ObjectRef } from "../../model/kube.js";
import { resolveKubeconfig } from "../../sources/live-cluster/kubeconfig.js";
import { sleep } from "../../sources/live-cluster/client.js";
import { asNumber, getIn } from "../../util/raw.js";
import { objectName } from "./cluster.js";
import { objectPath, servedAs, type ServedCache } from "./kube-paths.js";
import { KubeWriter } from "./kube-writer.js";
import type { LiveTargets } from "./live-types.js";

const ROLLED = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

/** The workloads whose pods the steps replace: rollout restarts, and patches of a pod template. */
export function rolloutsOf(steps: readonly ClusterStep[]): ObjectRef[] {
  const out = new Map<string, ObjectRef>();
  for (const s of steps) {
    if (!ROLLED.has(s.object.kind)) continue;
    if (s.op === "rollout-restart" || (s.op === "patch" && getIn(s.patch, ["spec", "template"]) !== undefined)) out.set(`${s.object.kind}/${s.object.namespace ?? ""}/${s.object.name}`, s.object);
  }
  return [...out.values()];
}

export interface RolloutState {
  object: ObjectRef;
  done: boolean;
  /** What the user reads: done, or how far it came. */
  detail: string;
}

/**
 * Whether a rollout is complete, as `kubectl rollout status` judges it: the controller has seen
 * the latest spec, every replica runs the new template, none of the old ones is left, and the new
 * ones are available.
 */
function progress(kind: string, o: Record<string, unknown>): { done: boolean; detail: string } {
  const n = (path: string[]) => asNumber(getIn(o, path)) ?? 0;
  if (n(["status", "observedGeneration"]) < n(["metadata", "generation"])) return { done: false, detail: "waiting for the controller to see the change" };
  if (kind === "Deployment") {
    const want = asNumber(getIn(o, ["spec", "replicas"])) ?? 1;
    const updated = n(["status", "updatedReplicas"]);
    if (updated < want) return { done: false, detail: `${updated} of ${want} new replicas updated` };
    if (n(["status", "replicas"]) > updated) return { done: false, detail: `${n(["status", "replicas"]) - updated} old replicas pending termination` };
    if (n(["status", "availableReplicas"]) < updated) return { done: false, detail: `${n(["status", "availableReplicas"])} of ${updated} updated replicas available` };
    return { done: true, detail: "rolled out" };
  }
  if (kind === "StatefulSet") {
    const want = asNumber(getIn(o, ["spec", "replicas"])) ?? 1;
    if (n(["status", "readyReplicas"]) < want) return { done: false, detail: `${n(["status", "readyReplicas"])} of ${want} pods ready` };
    const current = getIn(o, ["status", "currentRevision"]);
    const update = getIn(o, ["status", "updateRevision"]);
    if (current !== undefined && update !== undefined && current !== update) return { done: false, detail: `${n(["status", "updatedReplicas"])} of ${want} pods updated` };
    return { done: true, detail: "rolled out" };
  }
  const want = n(["status", "desiredNumberScheduled"]);
  if (n(["status", "updatedNumberScheduled"]) < want) return { done: false, detail: `${n(["status", "updatedNumberScheduled"])} of ${want} new pods scheduled` };
  if (n(["status", "numberAvailable"]) < want) return { done: false, detail: `${n(["status", "numberAvailable"])} of ${want} updated pods available` };
  return { done: true, detail: "rolled out" };
}

/**
 * Waits until the rollouts of the given workloads are complete (as `kubectl rollout status`
 * does), or `timeoutMs` has passed, reading each every `pollMs`. Never rejects for what the
 * cluster answers: a workload that could not be read is not done, with why.
 */
export async function waitForRollouts(objects: readonly ObjectRef[], targets: LiveTargets, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<RolloutState[]> {
  if (objects.length === 0) return [];
  const resolved = resolveKubeconfig({ ...(targets.kube?.kubeconfig !== undefined ? { kubeconfig: targets.kube.kubeconfig } : {}), ...(targets.kube?.context !== undefined ? { context: targets.kube.context } : {}), env: (targets.env ?? process.env) as NodeJS.ProcessEnv });
  const writer = new KubeWriter(resolved.kc, resolved.context.server, { timeoutMs: targets.timeoutMs ?? 15_000, ...(targets.signal ? { signal: targets.signal } : {}) });
  const cache: ServedCache = new Map();
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  const states = new Map<ObjectRef, RolloutState>(objects.map((o) => [o, { object: o, done: false, detail: "not read yet" }]));
  for (;;) {
    for (const o of objects) {
      const state = states.get(o)!;
      if (state.done) continue;
      const served = await servedAs(o, writer, cache);
      if (!served) {
        states.set(o, { object: o, done: false, detail: `the API server serves no ${o.kind}` });
        continue;
      }
      try {
        const { body } = await writer.get(objectPath(served, o));
        states.set(o, { object: o, ...progress(o.kind, body) });
      } catch (e) {
        states.set(o, { object: o, done: false, detail: `${objectName(o)} could not be read: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    const all = [...states.values()];
    if (all.every((s) => s.done) || Date.now() >= deadline || targets.signal?.aborted) return all;
    await sleep(opts.pollMs ?? 500, targets.signal).catch(() => undefined);
  }
}
