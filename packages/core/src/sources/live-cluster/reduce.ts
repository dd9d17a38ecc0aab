import type { KubeObject } from "../../model/kube.js";
import type { IdentitySettings } from "../../model/config.js";
import { asArray, asRecord, asString, isRecord } from "../../util/raw.js";
import { reduceConfigObject } from "../config-values.js";
import { WI } from "../../wi.js";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

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

/**
 * What wid keeps of a live object. Secrets and ConfigMaps as the manifests keep them (key names;
 * no value but a ConfigMap's identity variables, and of an `azure.json` or an AppAuthentication
 * connection string the settings that choose an identity), the webhook's ConfigMap whole; pods
 * their spec and the part of their status that says whether they run.
 */
export function reduceObject(kind: string, raw: Record<string, unknown>): { raw: Record<string, unknown>; identitySettings?: Record<string, IdentitySettings> } {
  const out: Record<string, unknown> = { ...raw, metadata: slimMetadata(asRecord(raw["metadata"])) };
  if ((kind === "Secret" || kind === "ConfigMap") && asString(asRecord(out["metadata"])["name"]) !== WI.webhookConfigMap) {
    const reduced = reduceConfigObject(out);
    return { raw: reduced.raw, ...(reduced.identitySettings ? { identitySettings: reduced.identitySettings } : {}) };
  }
  if (kind === "Pod") out["status"] = podStatus(asRecord(raw["status"]));
  return { raw: out };
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
  const { raw, identitySettings } = reduceObject(kind, { apiVersion, kind, ...item });
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
    ...(identitySettings ? { identitySettings } : {}),
    ...(uid !== undefined ? { uid } : {}),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    loc: () => undefined,
  };
}
