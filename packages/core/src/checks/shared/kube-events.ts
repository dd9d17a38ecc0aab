import type { KubeObject, ObjectRef } from "../../model/kube.js";
import type { KubeEvent } from "../../model/runtime.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { Workload } from "../../engine/workloads.js";

/** An object an event is about, found among the objects: the workload it belongs to, or the object itself. */
export interface EventSubject {
  /** The workload (a Deployment for its ReplicaSet's events, a CronJob for its Job's). */
  workload: Workload | undefined;
  /** What a finding points at: the workload's object, else a reference to the involved object. */
  object: KubeObject | ObjectRef;
}

function find(index: SnapshotIndex, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
  return index.byKind(kind).find((o) => o.name === name && (o.namespace ?? "default") === (namespace ?? "default"));
}

/** The workload an event is about: a ReplicaSet's events are its Deployment's (the ReplicaSet is named after it). */
export function eventSubject(index: SnapshotIndex, e: KubeEvent): EventSubject {
  const { kind, name } = e.involvedObject;
  const namespace = e.involvedObject.namespace ?? e.namespace;
  let object = find(index, kind, namespace, name);
  if (!object && kind === "ReplicaSet") {
    const dash = name.lastIndexOf("-");
    if (dash > 0) object = find(index, "Deployment", namespace, name.slice(0, dash));
  }
  if (!object) return { workload: undefined, object: { kind, name, ...(namespace ? { namespace } : {}) } };
  const workload = index.controllerOf(object) ?? index.workloads.find((w) => w.object === object);
  return { workload, object: workload?.object ?? object };
}

export function subjectKey(s: EventSubject): string {
  const o = s.object as ObjectRef;
  return `${o.kind}/${o.namespace ?? ""}/${o.name}`;
}

export function subjectName(s: EventSubject): string {
  const o = s.object as ObjectRef;
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}
