import type { KubeObject } from "../../model/kube.js";
import { asRecord, asString } from "../../util/raw.js";

/** A Kubernetes object read from a live API server: no file to point at, its uid and resourceVersion kept. */
export function liveObject(raw: Record<string, unknown>): KubeObject {
  const meta = asRecord(raw["metadata"]);
  const uid = asString(meta["uid"]);
  const resourceVersion = asString(meta["resourceVersion"]);
  return {
    apiVersion: asString(raw["apiVersion"]) ?? "v1",
    kind: asString(raw["kind"]) ?? "",
    name: asString(meta["name"]) ?? "",
    namespace: asString(meta["namespace"]),
    namespaceDefaulted: false,
    raw,
    origin: undefined,
    ...(uid ? { uid } : {}),
    ...(resourceVersion ? { resourceVersion } : {}),
    loc: () => undefined,
  };
}
