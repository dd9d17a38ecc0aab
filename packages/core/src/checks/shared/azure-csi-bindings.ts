import type { FederatedCredential, ManagedIdentity } from "../../model/azure.js";
import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { Workload } from "../../engine/workloads.js";
import { sameGuid } from "../../util/guid.js";
import { expectedSubject } from "../../wi.js";
import { parseSubject } from "./azure-fic.js";
import { secretProviderClassUses, spcParams, type SpcUse } from "./azure-spc.js";
import { saClientId } from "./kube-use-label.js";

/**
 * A SecretProviderClass identity used with workload identity by pods whose ServiceAccount names
 * no identity (no client-id annotation; very often `default`, when the pod sets no
 * serviceAccountName). The CSI driver exchanges that ServiceAccount's token for the class's
 * `clientID`, so that identity needs a federated credential for that ServiceAccount.
 */
export interface CsiBinding {
  /** The first mount, and its class, of this identity by this ServiceAccount. */
  use: SpcUse;
  spc: KubeObject;
  clientId: string;
  identity: ManagedIdentity | undefined;
  namespace: string;
  serviceAccount: string;
  /** The ServiceAccount object; `default` may be absent from manifests, as it exists in every namespace. */
  sa: KubeObject | undefined;
  subject: string;
  workloads: Workload[];
}

const cache = new WeakMap<SnapshotIndex, CsiBinding[]>();

/** One binding per identity and ServiceAccount, in the order the mounts were read. */
export function unannotatedCsiBindings(index: SnapshotIndex): CsiBinding[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const byKey = new Map<string, CsiBinding>();
  for (const use of secretProviderClassUses(index)) {
    if (!use.spc) continue;
    const p = spcParams(use.spc);
    if (p.provider !== "azure" || !p.workloadIdentity) continue;
    const w = use.workload;
    const sa = index.serviceAccount(w.namespace, w.serviceAccountName);
    // a missing ServiceAccount other than `default` is sa-missing's: the pods are not even created
    if (sa ? saClientId(sa) !== undefined : w.serviceAccountName !== "default") continue;
    const key = `${p.clientID!.toLowerCase()}|${w.namespace}|${w.serviceAccountName}`;
    const known = byKey.get(key);
    if (known) {
      if (!known.workloads.includes(w)) known.workloads.push(w);
      continue;
    }
    byKey.set(key, {
      use,
      spc: use.spc,
      clientId: p.clientID!,
      identity: index.identityByClientId(p.clientID!),
      namespace: w.namespace,
      serviceAccount: w.serviceAccountName,
      sa,
      subject: expectedSubject(w.namespace, w.serviceAccountName),
      workloads: [w],
    });
  }
  const out = [...byKey.values()];
  cache.set(index, out);
  return out;
}

/** The binding's identity's credentials whose subject is exactly the ServiceAccount's. */
export function exactCsiFics(index: SnapshotIndex, b: CsiBinding): FederatedCredential[] {
  return b.identity ? index.ficsOf(b.identity).filter((f) => f.subject === b.subject) : [];
}

export interface IntendedServiceAccount {
  sa: KubeObject;
  /** `annotation`: the ServiceAccount is annotated with the class's client id; `credential`: a federated credential of the identity trusts it. */
  by: "annotation" | "credential";
}

/**
 * The ServiceAccount of the same namespace that the class's identity is meant for, when it is not
 * the one the pods run as: the pods are then on the wrong ServiceAccount (typically they set no
 * serviceAccountName). Undefined when the exports show a credential for the pods' own
 * ServiceAccount: their mount works.
 */
export function intendedServiceAccount(index: SnapshotIndex, b: CsiBinding, ficsLoaded: boolean): IntendedServiceAccount | undefined {
  if (ficsLoaded && exactCsiFics(index, b).length > 0) return undefined;
  const annotated = index
    .byKind("ServiceAccount")
    .find((sa) => (sa.namespace ?? "default") === b.namespace && sa.name !== b.serviceAccount && sameGuid(saClientId(sa), b.clientId));
  if (annotated) return { sa: annotated, by: "annotation" };
  if (!ficsLoaded || !b.identity) return undefined;
  for (const f of index.ficsOf(b.identity)) {
    const named = parseSubject(f.subject);
    if (!named || named.namespace !== b.namespace || named.name === b.serviceAccount) continue;
    const sa = index.serviceAccount(named.namespace, named.name);
    if (sa) return { sa, by: "credential" };
  }
  return undefined;
}
