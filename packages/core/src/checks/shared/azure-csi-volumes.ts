import type { Path } from "../../model/location.js";
import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { Workload } from "../../engine/workloads.js";
import { podPath } from "../../engine/workloads.js";
import { asArray, asRecord, asString, getIn, isRecord } from "../../util/raw.js";
import { WI } from "../../wi.js";
import { secretProviderClassUses, spcParams } from "./azure-spc.js";

/** The audience of the tokens AKS identity bindings exchange through their token proxy. */
export const IDENTITY_BINDING_AUDIENCE = "api://AKSIdentityBinding";
/** The Azure Blob and Azure Files CSI drivers, which take a `clientID` to mount with workload identity. */
export const AZURE_STORAGE_DRIVERS: readonly string[] = ["blob.csi.azure.com", "file.csi.azure.com"];

/** A volume a workload mounts through a CSI driver that authenticates with the pod's token. */
export interface AzureCsiUse {
  workload: Workload;
  driver: string;
  /** The audience of the token the driver needs from the kubelet. */
  audience: string;
  /** What asks for it, for messages: `SecretProviderClass app-secrets`, `PersistentVolume pv-data`, ... */
  via: string;
  /** Where the workload names the volume. */
  path: Path;
}

/** A `clientID` among CSI volume attributes or StorageClass parameters; the storage drivers read keys without case. */
function hasClientId(attributes: unknown): boolean {
  if (!isRecord(attributes)) return false;
  return Object.entries(attributes).some(([k, v]) => k.toLowerCase() === "clientid" && typeof v === "string" && v.trim() !== "");
}

function byName(index: SnapshotIndex, kind: string, name: string, namespace?: string): KubeObject | undefined {
  return index.byKind(kind).find((o) => o.name === name && (namespace === undefined || (o.namespace ?? "default") === namespace));
}

function defaultStorageClass(index: SnapshotIndex): KubeObject | undefined {
  return index.byKind("StorageClass").find((s) => asRecord(getIn(s.raw, ["metadata", "annotations"]))["storageclass.kubernetes.io/is-default-class"] === "true");
}

/** The Azure storage driver a StorageClass provisions with workload identity, if it does. */
function storageClassUse(sc: KubeObject | undefined): string | undefined {
  if (!sc) return undefined;
  const provisioner = asString(sc.raw["provisioner"]) ?? "";
  return AZURE_STORAGE_DRIVERS.includes(provisioner) && hasClientId(sc.raw["parameters"]) ? provisioner : undefined;
}

/** What a PersistentVolumeClaim's volume is mounted with: its bound PersistentVolume, else its StorageClass. */
function claimUse(index: SnapshotIndex, namespace: string, claimSpec: Record<string, unknown>, claimName: string | undefined): { driver: string; via: string } | undefined {
  const volumeName = asString(claimSpec["volumeName"]);
  const pv =
    (volumeName ? byName(index, "PersistentVolume", volumeName) : undefined) ??
    (claimName
      ? index.byKind("PersistentVolume").find((p) => {
          const ref = asRecord(getIn(p.raw, ["spec", "claimRef"]));
          return ref["name"] === claimName && (ref["namespace"] ?? "default") === namespace;
        })
      : undefined);
  if (pv) {
    const csi = asRecord(getIn(pv.raw, ["spec", "csi"]));
    const driver = asString(csi["driver"]) ?? "";
    return AZURE_STORAGE_DRIVERS.includes(driver) && hasClientId(csi["volumeAttributes"]) ? { driver, via: `PersistentVolume ${pv.name}` } : undefined;
  }
  const className = claimSpec["storageClassName"];
  // an empty class name asks for no class; an absent one for the default class
  const sc = typeof className === "string" ? (className === "" ? undefined : byName(index, "StorageClass", className)) : defaultStorageClass(index);
  const driver = storageClassUse(sc);
  return driver ? { driver, via: `StorageClass ${sc!.name}` } : undefined;
}

const usesCache = new WeakMap<SnapshotIndex, AzureCsiUse[]>();

/**
 * Every volume a loaded workload mounts through a CSI driver that needs the pod's service account
 * token for Azure: a SecretProviderClass of the Azure provider with workload identity (or an AKS
 * identity binding), and Azure Blob or Azure Files volumes with a `clientID` (inline, through a
 * claim's PersistentVolume or StorageClass, or a StatefulSet's claim templates).
 */
export function azureCsiUses(index: SnapshotIndex): AzureCsiUse[] {
  const cached = usesCache.get(index);
  if (cached) return cached;
  const out: AzureCsiUse[] = [];
  for (const use of secretProviderClassUses(index)) {
    if (!use.spc) continue;
    const p = spcParams(use.spc);
    if (p.provider !== "azure" || p.clientID === undefined) continue;
    const tokenProxy = p.parameters["useAzureTokenProxy"]?.trim().toLowerCase() === "true";
    if (!p.workloadIdentity && !tokenProxy) continue;
    out.push({ workload: use.workload, driver: "secrets-store.csi.k8s.io", audience: tokenProxy ? IDENTITY_BINDING_AUDIENCE : WI.audience, via: `SecretProviderClass ${use.spc.name}`, path: use.path });
  }
  for (const w of index.workloads) {
    asArray(w.podSpec["volumes"]).forEach((v, i) => {
      const volume = asRecord(v);
      const csi = asRecord(volume["csi"]);
      const driver = asString(csi["driver"]) ?? "";
      if (AZURE_STORAGE_DRIVERS.includes(driver) && hasClientId(csi["volumeAttributes"])) {
        out.push({ workload: w, driver, audience: WI.audience, via: `volume ${String(volume["name"] ?? i)}`, path: podPath(w, "spec", "volumes", i, "csi") });
      }
      const claimName = asString(asRecord(volume["persistentVolumeClaim"])["claimName"]);
      if (claimName) {
        const pvc = byName(index, "PersistentVolumeClaim", claimName, w.namespace);
        const found = pvc ? claimUse(index, w.namespace, asRecord(pvc.raw["spec"]), claimName) : undefined;
        if (found) out.push({ workload: w, ...found, audience: WI.audience, path: podPath(w, "spec", "volumes", i, "persistentVolumeClaim", "claimName") });
      }
      const template = asRecord(getIn(volume, ["ephemeral", "volumeClaimTemplate", "spec"]));
      if (volume["ephemeral"] !== undefined) {
        const found = claimUse(index, w.namespace, template, undefined);
        if (found) out.push({ workload: w, ...found, audience: WI.audience, path: podPath(w, "spec", "volumes", i, "ephemeral") });
      }
    });
    if (w.kind === "StatefulSet") {
      asArray(getIn(w.object.raw, ["spec", "volumeClaimTemplates"])).forEach((t, i) => {
        const found = claimUse(index, w.namespace, asRecord(asRecord(t)["spec"]), undefined);
        if (found) out.push({ workload: w, ...found, audience: WI.audience, path: ["spec", "volumeClaimTemplates", i] });
      });
    }
  }
  usesCache.set(index, out);
  return out;
}
