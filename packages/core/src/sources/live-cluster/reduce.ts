import type { KubeObject } from "../../model/kube.js";
import { asArray, asRecord, asString, isRecord } from "../../util/raw.js";
import { WI } from "../../wi.js";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const IDENTITY_ENV: readonly string[] = Object.values(WI.env);

/** A ConfigMap key that `envFrom` can turn into a variable the webhook injects (with or without a prefix). */
function isIdentityEnvKey(key: string): boolean {
  return key !== "" && IDENTITY_ENV.some((name) => name.endsWith(key));
}

/**
 * Metadata without what only costs memory: managed fields, and the last-applied annotation,
 * which repeats the whole object as a string (a Secret's values included).
 */
function slimMetadata(meta: Record<string, unknown>): Record<string, unknown> {
  const { managedFields: _m, ...rest } = meta;
  const annotations = asRecord(rest["annotations"]);
  if (LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _l, ...kept } = annotations;
    rest["annotations"] = kept;
  }
  return rest;
}

/** Keys only: `{ key: "" }` for each, so that checks can tell which keys exist and read no value. */
function keysOnly(data: unknown): Record<string, string> {
  return Object.fromEntries(Object.keys(asRecord(data)).map((k) => [k, ""]));
}

/**
 * What wid keeps of a live object. Secrets keep their key names and never a value; ConfigMaps
 * their key names, with values only for the webhook's own ConfigMap and for keys `envFrom` can
 * turn into the identity variables (what the checks read); pods their spec and the part of their
 * status that says whether they run.
 */
export function reduceObject(kind: string, raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw, metadata: slimMetadata(asRecord(raw["metadata"])) };
  switch (kind) {
    case "Secret": {
      const keys = { ...keysOnly(out["data"]), ...keysOnly(out["stringData"]) };
      delete out["stringData"];
      out["data"] = keys;
      return out;
    }
    case "ConfigMap": {
      if (asString(asRecord(out["metadata"])["name"]) === WI.webhookConfigMap) return out;
      const data = asRecord(out["data"]);
      out["data"] = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, isIdentityEnvKey(k) && typeof v === "string" ? v : ""]));
      if (out["binaryData"] !== undefined) out["binaryData"] = keysOnly(out["binaryData"]);
      return out;
    }
    case "Pod":
      out["status"] = podStatus(asRecord(raw["status"]));
      return out;
    default:
      return out;
  }
}

function podStatus(status: Record<string, unknown>): Record<string, unknown> {
  const containers = (group: unknown) =>
    asArray(group).map((c) => {
      const s = asRecord(c);
      const state = asRecord(s["state"]);
      const [phase] = Object.keys(state);
      const reason = phase ? asString(asRecord(state[phase])["reason"]) : undefined;
      return { name: s["name"], ready: s["ready"], restartCount: s["restartCount"], ...(phase ? { state: { [phase]: reason ? { reason } : {} } } : {}) };
    });
  const out: Record<string, unknown> = {};
  for (const key of ["phase", "reason", "startTime"]) if (status[key] !== undefined) out[key] = status[key];
  if (status["containerStatuses"] !== undefined) out["containerStatuses"] = containers(status["containerStatuses"]);
  if (status["initContainerStatuses"] !== undefined) out["initContainerStatuses"] = containers(status["initContainerStatuses"]);
  return out;
}

/** A live object as the checks see it: no file position, with the uid and resourceVersion that guard a fix. */
export function liveObject(apiVersion: string, kind: string, item: unknown): KubeObject | undefined {
  if (!isRecord(item)) return undefined;
  const raw = reduceObject(kind, { apiVersion, kind, ...item });
  // items of a typed list carry no kind or apiVersion: the list's own are set above, and win
  raw["apiVersion"] = apiVersion;
  raw["kind"] = kind;
  const meta = asRecord(raw["metadata"]);
  const name = asString(meta["name"]);
  if (!name) return undefined;
  const namespace = asString(meta["namespace"]);
  const uid = asString(meta["uid"]);
  const resourceVersion = asString(meta["resourceVersion"]);
  return {
    apiVersion,
    kind,
    name,
    namespace,
    namespaceDefaulted: false,
    raw,
    origin: undefined,
    ...(uid !== undefined ? { uid } : {}),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    loc: () => undefined,
  };
}
