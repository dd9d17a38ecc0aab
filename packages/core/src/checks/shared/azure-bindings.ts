import type { ManagedIdentity } from "../../model/azure.js";
import type { Path } from "../../model/location.js";
import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { Workload } from "../../engine/workloads.js";
import { sameGuid } from "../../util/guid.js";
import { getIn, stringMap } from "../../util/raw.js";
import { expectedSubject, WI } from "../../wi.js";
import { secretProviderClassUses, spcParams } from "./azure-spc.js";
import { labelledWorkloads } from "./workload-identity.js";

export const ANNOTATIONS_PATH: Path = ["metadata", "annotations"];
export const CLIENT_ID_PATH: Path = [...ANNOTATIONS_PATH, WI.clientIdAnnotation];
export const TENANT_ID_PATH: Path = [...ANNOTATIONS_PATH, WI.tenantIdAnnotation];

export function annotationsOf(o: KubeObject): Record<string, string> {
  return stringMap(getIn(o.raw, ANNOTATIONS_PATH));
}

/** A ServiceAccount with a non-empty client-id annotation, and the identity that value names. */
export interface IdentityBinding {
  sa: KubeObject;
  namespace: string;
  name: string;
  /** The client-id annotation as written. */
  clientId: string;
  /** The managed identity whose clientId equals the annotation (case-insensitive), when exported. */
  identity: ManagedIdentity | undefined;
  /** Workloads running as this ServiceAccount (labelled ones first). */
  workloads: Workload[];
  /** `system:serviceaccount:<ns>:<sa>`: the subject of the tokens the webhook projects. */
  subject: string;
}

function bind(index: SnapshotIndex, sa: KubeObject, workloads: Workload[]): IdentityBinding | undefined {
  const clientId = annotationsOf(sa)[WI.clientIdAnnotation];
  if (clientId === undefined || clientId.trim() === "") return undefined;
  const namespace = sa.namespace ?? "default";
  return {
    sa,
    namespace,
    name: sa.name,
    clientId,
    identity: index.identityByClientId(clientId.trim()),
    workloads,
    subject: expectedSubject(namespace, sa.name),
  };
}

const boundCache = new WeakMap<SnapshotIndex, IdentityBinding[]>();

/**
 * Pods that opt into the webhook's custom token endpoint (v1.6+, `azure.workload.identity/use-<suffix>:
 * "true"`, as AKS identity bindings do): their tokens carry another audience and are exchanged
 * through a token proxy, with no federated credential per ServiceAccount to judge.
 */
function usesCustomTokenEndpoint(w: Workload): boolean {
  return Object.entries(w.annotations).some(([k, v]) => k.startsWith(`${WI.useLabel}-`) && v.toLowerCase() === "true");
}

/**
 * Workloads that mount a SecretProviderClass authenticating, with workload identity, as the
 * identity their ServiceAccount names: the CSI driver exchanges the ServiceAccount's token for it,
 * labelled pods or not, so that identity needs the same federated credential.
 */
function csiWorkloadsOfTheirIdentity(index: SnapshotIndex): Workload[] {
  return secretProviderClassUses(index)
    .filter((u) => {
      if (!u.spc) return false;
      const p = spcParams(u.spc);
      const sa = index.serviceAccount(u.workload.namespace, u.workload.serviceAccountName);
      const clientId = sa ? annotationsOf(sa)[WI.clientIdAnnotation] : undefined;
      return p.provider === "azure" && p.workloadIdentity && sameGuid(clientId?.trim(), p.clientID);
    })
    .map((u) => u.workload);
}

/**
 * ServiceAccounts that carry a client-id annotation and whose tokens are exchanged for that
 * identity: those of labelled workloads (the pods the webhook mutates), and of workloads whose
 * Key Vault mount authenticates as it. The starting point of the Azure half of the chain. One
 * entry per ServiceAccount, in the order workloads were read.
 */
export function boundServiceAccounts(index: SnapshotIndex): IdentityBinding[] {
  const cached = boundCache.get(index);
  if (cached) return cached;
  const out: IdentityBinding[] = [];
  const seen = new Set<string>();
  for (const w of [...labelledWorkloads(index).filter((l) => !usesCustomTokenEndpoint(l)), ...csiWorkloadsOfTheirIdentity(index)]) {
    const key = `${w.namespace}/${w.serviceAccountName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const sa = index.serviceAccount(w.namespace, w.serviceAccountName);
    if (!sa) continue;
    const users = index.workloadsOf(w.namespace, w.serviceAccountName);
    const labelled = users.filter((u) => u.labels[WI.useLabel] === "true");
    const b = bind(index, sa, [...labelled, ...users.filter((u) => !labelled.includes(u))]);
    if (b) out.push(b);
  }
  boundCache.set(index, out);
  return out;
}

/**
 * Every ServiceAccount with a non-empty client-id annotation, whether or not a loaded workload
 * uses it: a wrong client id is wrong wherever it is written.
 */
export function annotatedServiceAccounts(index: SnapshotIndex): IdentityBinding[] {
  const out: IdentityBinding[] = [];
  for (const sa of index.byKind("ServiceAccount")) {
    const b = bind(index, sa, index.workloadsOf(sa.namespace ?? "default", sa.name));
    if (b) out.push(b);
  }
  return out;
}

/** Identities used by bound ServiceAccounts, each once, with the bindings that use it. */
export function boundIdentities(index: SnapshotIndex): { identity: ManagedIdentity; bindings: IdentityBinding[] }[] {
  const byId = new Map<string, { identity: ManagedIdentity; bindings: IdentityBinding[] }>();
  for (const b of boundServiceAccounts(index)) {
    if (!b.identity) continue;
    const key = b.identity.id.toLowerCase();
    const entry = byId.get(key);
    if (entry) entry.bindings.push(b);
    else byId.set(key, { identity: b.identity, bindings: [b] });
  }
  return [...byId.values()];
}
