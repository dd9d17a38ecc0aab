import type { KubeObject } from "../model/kube.js";
import { toWorkload } from "../engine/workloads.js";
import { asArray, asRecord, asString } from "../util/raw.js";
import { WI } from "../wi.js";

/**
 * The Secrets and ConfigMaps a pod template names: volumes (and projected volume sources), env
 * `valueFrom` and `envFrom`, in every container group. `Kind/namespace/name` keys.
 */
function referencedConfig(objects: readonly KubeObject[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    const w = toWorkload(o);
    if (!w) continue;
    const add = (kind: "Secret" | "ConfigMap", name: unknown) => {
      if (typeof name === "string" && name !== "") out.add(`${kind}/${w.namespace}/${name}`);
    };
    for (const v of asArray(w.podSpec["volumes"])) {
      const volume = asRecord(v);
      add("Secret", asRecord(volume["secret"])["secretName"]);
      add("ConfigMap", asRecord(volume["configMap"])["name"]);
      for (const s of asArray(asRecord(volume["projected"])["sources"])) {
        add("Secret", asRecord(asRecord(s)["secret"])["name"]);
        add("ConfigMap", asRecord(asRecord(s)["configMap"])["name"]);
      }
    }
    for (const c of w.containers) {
      for (const e of asArray(c.raw["env"])) {
        const from = asRecord(asRecord(e)["valueFrom"]);
        add("Secret", asRecord(from["secretKeyRef"])["name"]);
        add("ConfigMap", asRecord(from["configMapKeyRef"])["name"]);
      }
      for (const e of asArray(c.raw["envFrom"])) {
        add("Secret", asRecord(asRecord(e)["secretRef"])["name"]);
        add("ConfigMap", asRecord(asRecord(e)["configMapRef"])["name"]);
      }
    }
  }
  return out;
}

/**
 * The objects without the Secrets and ConfigMaps that no pod template of the snapshot names
 * (but the webhook's ConfigMap): only those that pods mount or reference are kept.
 */
export function withoutUnreferencedConfig(objects: KubeObject[]): KubeObject[] {
  if (!objects.some((o) => o.kind === "Secret" || o.kind === "ConfigMap")) return objects;
  const used = referencedConfig(objects);
  return objects.filter((o) => {
    if (o.kind !== "Secret" && o.kind !== "ConfigMap") return true;
    if (o.kind === "ConfigMap" && o.name === WI.webhookConfigMap) return true;
    return used.has(`${o.kind}/${o.namespace ?? "default"}/${asString(o.name) ?? ""}`);
  });
}
