import { parse } from "yaml";
import type { Path } from "../../model/location.js";
import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { Workload } from "../../engine/workloads.js";
import { podPath } from "../../engine/workloads.js";
import { asArray, asRecord, asString, getIn, isRecord, stringMap } from "../../util/raw.js";

/** The CSI driver name of the Secrets Store CSI driver, as pods name it in `csi.driver`. */
export const SECRETS_STORE_DRIVER = "secrets-store.csi.k8s.io";
export const PARAMETERS_PATH: Path = ["spec", "parameters"];

/** A pod template volume that mounts a SecretProviderClass. */
export interface SpcUse {
  workload: Workload;
  /** The SecretProviderClass, when it is among the loaded objects. */
  spc: KubeObject | undefined;
  spcName: string;
  /** Path of the volume's `secretProviderClass` attribute in the workload. */
  path: Path;
}

const usesCache = new WeakMap<SnapshotIndex, SpcUse[]>();

/** Every mount of a SecretProviderClass by a loaded workload, labelled or not. */
export function secretProviderClassUses(index: SnapshotIndex): SpcUse[] {
  const cached = usesCache.get(index);
  if (cached) return cached;
  const spcs = new Map<string, KubeObject>();
  for (const s of index.byKind("SecretProviderClass")) spcs.set(`${s.namespace ?? "default"}/${s.name}`, s);
  const out: SpcUse[] = [];
  for (const w of index.workloads) {
    asArray(w.podSpec["volumes"]).forEach((v, i) => {
      const csi = asRecord(asRecord(v)["csi"]);
      if (csi["driver"] !== SECRETS_STORE_DRIVER) return;
      const spcName = asString(asRecord(csi["volumeAttributes"])["secretProviderClass"]);
      if (!spcName) return;
      out.push({ workload: w, spc: spcs.get(`${w.namespace}/${spcName}`), spcName, path: podPath(w, "spec", "volumes", i, "csi", "volumeAttributes", "secretProviderClass") });
    });
  }
  usesCache.set(index, out);
  return out;
}

export interface SpcObject {
  objectName: string;
  objectType: string;
}

export interface SpcParams {
  provider: string | undefined;
  parameters: Record<string, string>;
  keyvaultName: string | undefined;
  clientID: string | undefined;
  tenantId: string | undefined;
  /** The parameter the tenant was read from: `tenantID` (current) or `tenantId` (deprecated), or undefined when neither is set. */
  tenantKey: "tenantID" | "tenantId" | undefined;
  /**
   * The Azure provider authenticates with workload identity: a `clientID`, and neither pod
   * identity, the VM's identity, nor AKS identity bindings (`useAzureTokenProxy`), which need no
   * federated credential per ServiceAccount.
   */
  workloadIdentity: boolean;
  readonly objects: SpcObject[];
}

const truthy = (v: string | undefined) => v !== undefined && v.trim().toLowerCase() === "true";

/** `parameters.objects`: a YAML string holding `array:` of YAML strings, one per Key Vault object. */
function parseObjects(text: string | undefined): SpcObject[] {
  if (!text) return [];
  try {
    return asArray(asRecord(parse(text))["array"]).flatMap((item) => {
      const o = typeof item === "string" ? parse(item) : item;
      if (!isRecord(o)) return [];
      const objectName = asString(o["objectName"]);
      return objectName ? [{ objectName, objectType: String(o["objectType"] ?? "").trim().toLowerCase() }] : [];
    });
  } catch {
    // A malformed objects list fails the mount with the provider's own error; it names no target here.
    return [];
  }
}

const paramsCache = new WeakMap<KubeObject, SpcParams>();

export function spcParams(spc: KubeObject): SpcParams {
  const cached = paramsCache.get(spc);
  if (cached) return cached;
  const parameters = stringMap(getIn(spc.raw, PARAMETERS_PATH));
  const clientID = parameters["clientID"]?.trim() || undefined;
  // the provider reads `tenantID` first and falls back to the deprecated `tenantId`
  const tenantKey = parameters["tenantID"]?.trim() ? "tenantID" : parameters["tenantId"]?.trim() ? "tenantId" : undefined;
  let objects: SpcObject[] | undefined;
  const params: SpcParams = {
    provider: asString(getIn(spc.raw, ["spec", "provider"])),
    parameters,
    keyvaultName: parameters["keyvaultName"]?.trim() || undefined,
    clientID,
    tenantId: tenantKey ? parameters[tenantKey]!.trim() : undefined,
    tenantKey,
    workloadIdentity: clientID !== undefined && !truthy(parameters["usePodIdentity"]) && !truthy(parameters["useVMManagedIdentity"]) && !truthy(parameters["useAzureTokenProxy"]),
    // Parsed on first use: only the checks that follow objects to their vault need them.
    get objects() {
      objects ??= parseObjects(parameters["objects"]);
      return objects;
    },
  };
  paramsCache.set(spc, params);
  return params;
}
