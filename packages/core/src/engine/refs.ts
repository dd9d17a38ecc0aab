import type { Path } from "../model/location.js";
import type { KubeObject, ObjectRef } from "../model/kube.js";
import type { AzureOrigin } from "../model/azure.js";
import type { Workload } from "./workloads.js";

export function isKubeObject(o: unknown): o is KubeObject {
  return typeof o === "object" && o !== null && typeof (o as KubeObject).loc === "function" && "raw" in o;
}

/** A finding's reference to a Kubernetes object, pointing at `path` when it came from a file. */
export function kubeRef(o: KubeObject, path?: Path, key?: boolean): ObjectRef {
  const ref: ObjectRef = { kind: o.kind, name: o.name, apiVersion: o.apiVersion };
  if (o.namespace !== undefined) ref.namespace = o.namespace;
  const at = o.loc(path, key ? { key: true } : undefined);
  if (at) {
    ref.file = at.file;
    ref.line = at.line;
    ref.column = at.column;
    if (at.range) ref.range = at.range;
  }
  return ref;
}

export function workloadRef(w: Workload | KubeObject | ObjectRef): ObjectRef {
  if ("object" in w && "templatePath" in w) return kubeRef(w.object);
  if (isKubeObject(w)) return kubeRef(w);
  return w;
}

/** A finding's reference to an Azure resource. */
export function azureRef(kind: string, o: { id: string; name: string; origin: AzureOrigin }): ObjectRef {
  const ref: ObjectRef = { kind, name: o.name, id: o.id };
  if (o.origin.file !== undefined) ref.file = o.origin.file;
  if (o.origin.line !== undefined) ref.line = o.origin.line;
  if (o.origin.column !== undefined) ref.column = o.origin.column;
  return ref;
}
