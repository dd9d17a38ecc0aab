import type { KubeObject } from "../../model/kube.js";
import type { KubeEvent, LogExcerpt } from "../../model/runtime.js";
import { asArray, asNumber, asRecord, asString, getIn } from "../../util/raw.js";
import { redactText } from "../../util/redact.js";
import { WI } from "../../wi.js";

/** A core/v1 Event as the checks read it, its message redacted. */
export function toKubeEvent(item: unknown): KubeEvent | undefined {
  const e = asRecord(item);
  const involved = asRecord(e["involvedObject"]);
  const kind = asString(involved["kind"]);
  const name = asString(involved["name"]);
  if (!kind || !name) return undefined;
  const meta = asRecord(e["metadata"]);
  const namespace = asString(meta["namespace"]) ?? asString(involved["namespace"]);
  const ns = asString(involved["namespace"]);
  const uid = asString(involved["uid"]);
  return {
    namespace,
    involvedObject: { kind, name, ...(ns ? { namespace: ns } : {}), ...(uid ? { uid } : {}) },
    reason: asString(e["reason"]) ?? "",
    message: redactText(asString(e["message"]) ?? ""),
    type: asString(e["type"]) ?? "Normal",
    count: asNumber(e["count"]) ?? asNumber(asRecord(e["series"])["count"]) ?? 1,
    lastTimestamp: asString(e["lastTimestamp"]) ?? asString(e["eventTime"]) ?? asString(e["firstTimestamp"]) ?? asString(meta["creationTimestamp"]),
  };
}

/** Containers that other webhooks inject; their logs say nothing about the application's identity. */
const SIDECARS = new Set(["istio-proxy", "istio-init", "linkerd-proxy", "daprd", "azwi-proxy", "envoy", "vault-agent"]);

/** How many containers of one pod are read at most. */
const MAX_CONTAINERS = 3;

/** Whether a pod takes part in workload identity: labelled, mutated, or running as an annotated ServiceAccount. */
function usesWorkloadIdentity(pod: KubeObject, annotatedSas: ReadonlySet<string>): boolean {
  if (asString(asRecord(getIn(pod.raw, ["metadata", "labels"]))[WI.useLabel]) === "true") return true;
  const sa = asString(getIn(pod.raw, ["spec", "serviceAccountName"])) || "default";
  if (annotatedSas.has(`${pod.namespace}/${sa}`)) return true;
  return asArray(getIn(pod.raw, ["spec", "containers"])).some((c) => asArray(asRecord(c)["env"]).some((e) => asRecord(e)["name"] === WI.env.tokenFile));
}

/** The workload a pod belongs to: its Deployment (through the ReplicaSet's name), CronJob (through its Job), or controller. */
function ownerOf(pod: KubeObject, jobOwners: ReadonlyMap<string, { kind: string; name: string }>): { kind: string; name: string } {
  for (const r of asArray(getIn(pod.raw, ["metadata", "ownerReferences"]))) {
    const ref = asRecord(r);
    if (ref["controller"] !== true) continue;
    const kind = asString(ref["kind"]) ?? "";
    const name = asString(ref["name"]) ?? "";
    const hash = asString(asRecord(getIn(pod.raw, ["metadata", "labels"]))["pod-template-hash"]);
    if (kind === "ReplicaSet" && hash && name.endsWith(`-${hash}`)) return { kind: "Deployment", name: name.slice(0, -hash.length - 1) };
    if (kind === "Job") return jobOwners.get(`${pod.namespace}/${name}`) ?? { kind, name };
    return { kind, name };
  }
  return { kind: "Pod", name: pod.name };
}

export interface LogTarget {
  namespace: string;
  pod: string;
  containers: string[];
  owner: { kind: string; name: string };
}

/**
 * Whose logs to read: of each workload that uses workload identity, its newest pod that has
 * started (one pod's recent lines say what all its replicas say), and of that pod the
 * application's containers.
 */
export function logTargets(objects: readonly KubeObject[]): LogTarget[] {
  const annotatedSas = new Set<string>();
  const jobOwners = new Map<string, { kind: string; name: string }>();
  for (const o of objects) {
    if (o.kind === "ServiceAccount" && (asString(asRecord(getIn(o.raw, ["metadata", "annotations"]))[WI.clientIdAnnotation]) ?? "") !== "") annotatedSas.add(`${o.namespace}/${o.name}`);
    if (o.kind === "Job") {
      const owner = asArray(getIn(o.raw, ["metadata", "ownerReferences"])).map(asRecord).find((r) => r["controller"] === true);
      if (owner && asString(owner["kind"]) && asString(owner["name"])) jobOwners.set(`${o.namespace}/${o.name}`, { kind: asString(owner["kind"])!, name: asString(owner["name"])! });
    }
  }
  const newest = new Map<string, { pod: KubeObject; created: string; owner: { kind: string; name: string } }>();
  for (const pod of objects) {
    if (pod.kind !== "Pod" || !usesWorkloadIdentity(pod, annotatedSas)) continue;
    const phase = asString(getIn(pod.raw, ["status", "phase"]));
    if (phase !== "Running" && phase !== "Failed" && phase !== "Succeeded") continue;
    const owner = ownerOf(pod, jobOwners);
    const key = `${pod.namespace}/${owner.kind}/${owner.name}`;
    const created = asString(getIn(pod.raw, ["metadata", "creationTimestamp"])) ?? "";
    const seen = newest.get(key);
    if (!seen || created > seen.created || (created === seen.created && pod.name > seen.pod.name)) newest.set(key, { pod, created, owner });
  }
  return [...newest.values()].map(({ pod, owner }) => ({
    namespace: pod.namespace ?? "default",
    pod: pod.name,
    owner,
    containers: asArray(getIn(pod.raw, ["spec", "containers"]))
      .map((c) => asString(asRecord(c)["name"]) ?? "")
      .filter((n) => n !== "" && !SIDECARS.has(n))
      .slice(0, MAX_CONTAINERS),
  }));
}

/** RFC 3339 time the API server puts before each line with `timestamps=true`. */
const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) /;

/** A container's log text as redacted lines, oldest first, with the times the API server added. */
export function toLogExcerpt(target: LogTarget, container: string, text: string): LogExcerpt {
  const lines: LogExcerpt["lines"] = [];
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    const m = STAMP.exec(raw);
    const line = m ? raw.slice(m[0].length) : raw;
    lines.push({ text: redactText(line), ...(m ? { time: m[1]! } : {}) });
  }
  return { namespace: target.namespace, pod: target.pod, container, owner: target.owner, lines };
}
