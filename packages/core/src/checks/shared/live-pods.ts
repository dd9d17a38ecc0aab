import type { KubeObject, ObjectRef } from "../../model/kube.js";
import { addTo } from "../../util/multimap.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import { toWorkload, type ContainerView, type Workload } from "../../engine/workloads.js";
import { kubeRef } from "../../engine/refs.js";
import { asArray, asRecord, asString, getIn } from "../../util/raw.js";
import { WI } from "../../wi.js";
import { envOf, mutatedContainers } from "./kube-containers.js";

/** A pod the cluster runs, with the workload that owns it (the pod itself when bare). */
export interface RunningPod {
  pod: KubeObject;
  /** The pod seen as a workload: its own labels, annotations and containers. */
  view: Workload;
  /** The workload whose template the pod was made from, or the bare pod. */
  owner: Workload;
  /** Whether `owner` is a controller (its template says what the pod should be), not the pod itself. */
  controlled: boolean;
}

/** Pods that run or will run: not finished, not being deleted. */
export function runningPods(index: SnapshotIndex): RunningPod[] {
  const out: RunningPod[] = [];
  for (const pod of index.byKind("Pod")) {
    if (getIn(pod.raw, ["metadata", "deletionTimestamp"]) !== undefined) continue;
    const phase = asString(getIn(pod.raw, ["status", "phase"]));
    if (phase === "Succeeded" || phase === "Failed") continue;
    const view = toWorkload(pod);
    if (!view) continue;
    const controller = index.controllerOf(pod);
    out.push({ pod, view, owner: controller ?? view, controlled: controller !== undefined });
  }
  return out;
}

/** The projected volume the webhook adds: a service account token for the Entra ID audience. */
export function tokenVolume(view: Workload): { name: string; path: string | undefined } | undefined {
  for (const v of asArray(view.podSpec["volumes"])) {
    const volume = asRecord(v);
    for (const source of asArray(asRecord(volume["projected"])["sources"])) {
      const token = asRecord(asRecord(source)["serviceAccountToken"]);
      if (asString(token["audience"]) === WI.audience) return { name: asString(volume["name"]) ?? "", path: asString(token["path"]) };
    }
  }
  return undefined;
}

/** Whether a container got what the webhook injects: the token file variable and the token mount. */
export function containerMutated(c: ContainerView, volume: string): boolean {
  const mounted = asArray(c.raw["volumeMounts"]).some((m) => asRecord(m)["name"] === volume);
  return mounted && envOf(c).some((e) => e.name === WI.env.tokenFile);
}

/** The containers the webhook would have mutated when it created the pod (skip-containers honoured). */
export function containersToMutate(view: Workload): ContainerView[] {
  return mutatedContainers(view);
}

/** The value of an env variable in a container, when it is written literally. */
export function envValue(c: ContainerView | undefined, name: string): string | undefined {
  return c ? envOf(c).find((e) => e.name === name)?.value : undefined;
}

/** Whether a template container sets the variable itself (so that the webhook leaves it alone). */
export function templateSets(c: ContainerView | undefined, name: string): boolean {
  return c !== undefined && envOf(c).some((e) => e.name === name);
}

/** The template's container of the same name and group. */
export function templateContainer(owner: Workload, c: ContainerView): ContainerView | undefined {
  return owner.containers.find((t) => t.name === c.name && t.group === c.group);
}

/** Pods grouped by the workload that owns them, in the order met. */
export function byOwner<T extends { owner: Workload }>(pods: readonly T[]): Map<Workload, T[]> {
  const out = new Map<Workload, T[]>();
  for (const p of pods) addTo(out, p.owner, p);
  return out;
}

export function podRefs(pods: readonly { pod: KubeObject }[], limit = 10): ObjectRef[] {
  return pods.slice(0, limit).map((p) => kubeRef(p.pod));
}
