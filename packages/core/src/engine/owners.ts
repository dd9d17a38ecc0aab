import type { KubeObject } from "../model/kube.js";
import { asArray, asRecord, asString, getIn } from "../util/raw.js";

/** The ownerReference marked `controller: true`: the object that created this one and keeps it. */
export function controllerRef(o: KubeObject): { kind: string; name: string; uid: string | undefined } | undefined {
  for (const r of asArray(getIn(o.raw, ["metadata", "ownerReferences"]))) {
    const ref = asRecord(r);
    if (ref["controller"] !== true) continue;
    const kind = asString(ref["kind"]);
    const name = asString(ref["name"]);
    if (kind && name) return { kind, name, uid: asString(ref["uid"]) };
  }
  return undefined;
}

export interface ObjectLookup {
  byKey(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  byUid(uid: string): KubeObject | undefined;
}

/**
 * The loaded object that controls `o`, if any. A pod's ReplicaSet need not be loaded: its name is
 * the Deployment's followed by the pod's `pod-template-hash` label, as the Deployment controller
 * names it, so the pod leads to its Deployment directly.
 */
export function directController(o: KubeObject, lookup: ObjectLookup): KubeObject | undefined {
  const ref = controllerRef(o);
  if (!ref) return undefined;
  const byUid = ref.uid ? lookup.byUid(ref.uid) : undefined;
  if (byUid) return byUid;
  const named = lookup.byKey(ref.kind, o.namespace, ref.name);
  if (named) return named;
  if (ref.kind === "ReplicaSet" && o.kind === "Pod") {
    const hash = asString(asRecord(getIn(o.raw, ["metadata", "labels"]))["pod-template-hash"]);
    if (hash && ref.name.endsWith(`-${hash}`)) return lookup.byKey("Deployment", o.namespace, ref.name.slice(0, -hash.length - 1));
  }
  return undefined;
}
