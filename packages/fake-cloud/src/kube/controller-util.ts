import type { KubeApi } from "./api.js";
import type { KubeObj } from "./store.js";
import { canonicalJson } from "./canonical.js";

/** An ownerReference from a controller to what it made. */
export function ownerRef(o: KubeObj, apiVersion: string, kind: string): KubeObj {
  return { apiVersion, kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
}

export function controllerUid(o: KubeObj): string | undefined {
  return (o.metadata?.ownerReferences ?? []).find((r: KubeObj) => r.controller)?.uid;
}

export function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function isReady(p: KubeObj): boolean {
  return (p.status?.conditions ?? []).some((c: KubeObj) => c.type === "Ready" && c.status === "True");
}

/** Stores a changed copy of the current object; `change` may replace top-level, metadata and spec fields. */
export function updateStored(api: KubeApi, resource: string, o: KubeObj, change: (o: KubeObj) => void): void {
  const fresh = api.store.get(resource, o.metadata.namespace, o.metadata.name);
  if (!fresh) return;
  const next: KubeObj = { ...fresh, metadata: { ...fresh.metadata }, ...(fresh.spec ? { spec: { ...fresh.spec } } : {}) };
  change(next);
  api.store.update(resource, next);
}
