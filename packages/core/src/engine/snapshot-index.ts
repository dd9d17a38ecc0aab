import type {
  AzureState,
  FederatedCredential,
  KeyVault,
  ManagedCluster,
  ManagedIdentity,
  RoleAssignment,
  RoleDefinition,
} from "../model/azure.js";
import type { KubeObject } from "../model/kube.js";
import type { Snapshot } from "../model/snapshot.js";
import type { NotRunReason } from "../model/finding.js";
import { BUILTIN_ROLES } from "../azure/builtin-roles.js";
import { toWorkload, type Workload } from "./workloads.js";
import { directController } from "./owners.js";

/**
 * Lookups the checks share, built once per run. Keys that are GUIDs or Azure ids are
 * lower-cased: Azure compares them case-insensitively.
 */
export interface SnapshotIndex {
  /**
   * Pod templates and bare pods: an object whose controller is among the objects (the pods and
   * ReplicaSets of a Deployment, the Jobs of a CronJob) is its owner's, not a workload of its own.
   */
  workloads: Workload[];
  /** The workload among the objects that controls `o` (a pod's Deployment, a Job's CronJob), at the top of the chain. */
  controllerOf(o: KubeObject): Workload | undefined;
  /** The pods among the objects that a workload controls (through its ReplicaSets or Jobs). */
  podsOf(w: Workload): KubeObject[];
  byKind(kind: string): KubeObject[];
  serviceAccount(namespace: string, name: string): KubeObject | undefined;
  /** Workloads whose pods run as the given ServiceAccount. */
  workloadsOf(namespace: string, serviceAccount: string): Workload[];
  identityByClientId(clientId: string): ManagedIdentity | undefined;
  identityByPrincipalId(principalId: string): ManagedIdentity | undefined;
  identityById(id: string): ManagedIdentity | undefined;
  /** Identities by name, case-insensitively: names repeat across resource groups and subscriptions. */
  identitiesNamed(name: string): ManagedIdentity[];
  ficsOf(identity: ManagedIdentity): FederatedCredential[];
  assignmentsOf(principalId: string): RoleAssignment[];
  roleDefinition(roleDefinitionId: string): RoleDefinition | undefined;
  keyVaultByName(name: string): KeyVault | undefined;
  /** Where grant answers are kept for as long as the Azure state they were computed from. */
  grantCache: Map<string, unknown>;
  /** The AKS cluster the manifests belong to: the only one exported, or the one chosen by name. */
  cluster: ManagedCluster | undefined;
  /** Why `cluster` is undefined although clusters were exported. */
  clusterAmbiguity: Extract<NotRunReason, { code: "clusters-ambiguous" | "cluster-unknown" }> | undefined;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The last segment of a role definition id, which is its GUID. */
export function roleDefinitionGuid(id: string): string {
  return (id.split("/").pop() ?? id).toLowerCase();
}

/** The Azure half of the index: built once per Azure state, so an edit to a manifest reuses it. */
interface AzureIndex {
  byClient: Map<string, ManagedIdentity>;
  byPrincipal: Map<string, ManagedIdentity>;
  byId: Map<string, ManagedIdentity>;
  byName: Map<string, ManagedIdentity[]>;
  fics: Map<string, FederatedCredential[]>;
  assignments: Map<string, RoleAssignment[]>;
  roles: Map<string, RoleDefinition>;
  vaults: Map<string, KeyVault>;
  /** Role definitions by the ids assignments name, resolved once. */
  roleById: Map<string, RoleDefinition | undefined>;
  grants: Map<string, unknown>;
}

const azureIndexes = new WeakMap<AzureState, AzureIndex>();

function azureIndex(az: AzureState): AzureIndex {
  const known = azureIndexes.get(az);
  if (known) return known;
  const byClient = new Map<string, ManagedIdentity>();
  const byPrincipal = new Map<string, ManagedIdentity>();
  const byId = new Map<string, ManagedIdentity>();
  const byName = new Map<string, ManagedIdentity[]>();
  for (const i of az.identities) {
    byClient.set(i.clientId.toLowerCase(), i);
    byPrincipal.set(i.principalId.toLowerCase(), i);
    byId.set(i.id.toLowerCase(), i);
    push(byName, i.name.toLowerCase(), i);
  }
  const fics = new Map<string, FederatedCredential[]>();
  for (const f of az.federatedCredentials) push(fics, f.identityId.toLowerCase(), f);
  const assignments = new Map<string, RoleAssignment[]>();
  for (const a of az.roleAssignments) push(assignments, a.principalId.toLowerCase(), a);
  const roles = new Map<string, RoleDefinition>();
  for (const r of BUILTIN_ROLES) roles.set(r.name.toLowerCase(), r);
  for (const r of az.roleDefinitions) roles.set(r.name.toLowerCase(), r);
  const vaults = new Map<string, KeyVault>();
  for (const v of az.keyVaults) vaults.set(v.name.toLowerCase(), v);
  const index = { byClient, byPrincipal, byId, byName, fics, assignments, roles, vaults, roleById: new Map(), grants: new Map() };
  azureIndexes.set(az, index);
  return index;
}

export function buildIndex(snapshot: Snapshot): SnapshotIndex {
  const byKind = new Map<string, KubeObject[]>();
  const sas = new Map<string, KubeObject>();
  const workloads: Workload[] = [];
  const workloadsBySa = new Map<string, Workload[]>();
  const byKey = new Map<string, KubeObject>();
  const byUid = new Map<string, KubeObject>();
  for (const o of snapshot.objects) {
    push(byKind, o.kind, o);
    byKey.set(`${o.kind}/${o.namespace ?? ""}/${o.name}`, o);
    if (o.uid) byUid.set(o.uid, o);
    if (o.kind === "ServiceAccount") sas.set(`${o.namespace ?? "default"}/${o.name}`, o);
  }
  const lookup = { byKey: (kind: string, ns: string | undefined, name: string) => byKey.get(`${kind}/${ns ?? ""}/${name}`), byUid: (uid: string) => byUid.get(uid) };
  const workloadOf = new Map<KubeObject, Workload>();
  const controlled: KubeObject[] = [];
  for (const o of snapshot.objects) {
    const w = toWorkload(o);
    if (!w) continue;
    if (directController(o, lookup)) {
      controlled.push(o);
      continue;
    }
    workloads.push(w);
    workloadOf.set(o, w);
    push(workloadsBySa, `${w.namespace}/${w.serviceAccountName}`, w);
  }
  const topController = (o: KubeObject): Workload | undefined => {
    let cur: KubeObject | undefined = o;
    for (let depth = 0; cur && depth < 4; depth++) {
      const up = directController(cur, lookup);
      if (!up) return cur === o ? undefined : workloadOf.get(cur);
      cur = up;
    }
    return cur ? workloadOf.get(cur) : undefined;
  };
  const controllers = new Map<KubeObject, Workload | undefined>();
  const pods = new Map<Workload, KubeObject[]>();
  for (const o of controlled) {
    const top = topController(o);
    controllers.set(o, top);
    if (top && o.kind === "Pod") push(pods, top, o);
  }

  const az = snapshot.azure;
  const { byClient, byPrincipal, byId, byName, fics, assignments, roles, vaults, roleById, grants } = azureIndex(az);
  const roleDefinition = (id: string): RoleDefinition | undefined => {
    if (roleById.has(id)) return roleById.get(id);
    const role = roles.get(roleDefinitionGuid(id));
    roleById.set(id, role);
    return role;
  };

  let cluster: ManagedCluster | undefined;
  let clusterAmbiguity: SnapshotIndex["clusterAmbiguity"];
  const wanted = snapshot.options.clusterName;
  if (wanted !== undefined) {
    cluster = az.clusters.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
    if (!cluster) clusterAmbiguity = { code: "cluster-unknown", name: wanted, clusters: az.clusters.map((c) => c.name) };
  } else if (az.clusters.length === 1) {
    cluster = az.clusters[0];
  } else if (az.clusters.length > 1) {
    clusterAmbiguity = { code: "clusters-ambiguous", clusters: az.clusters.map((c) => c.name) };
  }

  return {
    workloads,
    controllerOf: (o) => (controllers.has(o) ? controllers.get(o) : topController(o)),
    podsOf: (w) => (w.kind === "Pod" ? [w.object] : (pods.get(w) ?? [])),
    byKind: (kind) => byKind.get(kind) ?? [],
    serviceAccount: (ns, name) => sas.get(`${ns}/${name}`),
    workloadsOf: (ns, sa) => workloadsBySa.get(`${ns}/${sa}`) ?? [],
    identityByClientId: (id) => byClient.get(id.toLowerCase()),
    identityByPrincipalId: (id) => byPrincipal.get(id.toLowerCase()),
    identityById: (id) => byId.get(id.toLowerCase()),
    identitiesNamed: (name) => byName.get(name.toLowerCase()) ?? [],
    ficsOf: (i) => fics.get(i.id.toLowerCase()) ?? [],
    assignmentsOf: (p) => assignments.get(p.toLowerCase()) ?? [],
    roleDefinition,
    grantCache: grants,
    keyVaultByName: (name) => vaults.get(name.toLowerCase()),
    cluster,
    clusterAmbiguity,
  };
}
