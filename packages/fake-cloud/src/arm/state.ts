import type {
  AzFederatedCredential,
  AzIdentity,
  AzKeyVault,
  AzManagedCluster,
  AzPrincipal,
  AzRoleAssignment,
  AzRoleDefinition,
  AzureSpec,
} from "../scenario/types.js";
import { BUILTIN_ROLE_DEFINITIONS } from "./builtin-roles.js";
import { idKey, isWithin, lastSegment, parentId, resourceGroupOf, subscriptionOf } from "./ids.js";

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [idKey(item.id), structuredClone(item)]));
}

function guidKey(id: string): string {
  return lastSegment(id).toLowerCase();
}

/**
 * The Azure side of a world, held in the Azure CLI shapes the scenario uses. ARM reads and writes
 * it; Entra ID reads identities and federated credentials from it, so a credential created through
 * ARM is what the next token exchange sees.
 */
export class AzureState {
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly principals: readonly AzPrincipal[];
  private readonly identitiesById: Map<string, AzIdentity>;
  private readonly ficsById: Map<string, AzFederatedCredential>;
  /** Credentials by their identity's id key, so listing one identity's credentials stays cheap in large worlds. */
  private readonly ficsByIdentity = new Map<string, Map<string, AzFederatedCredential>>();
  /** Resource groups per subscription (lower-case keys), recomputed after writes that can add scopes. */
  private groups: Map<string, Map<string, string>> | undefined;
  private readonly assignmentsById: Map<string, AzRoleAssignment>;
  private readonly definitionsByGuid: Map<string, AzRoleDefinition>;
  private readonly clustersById: Map<string, AzManagedCluster>;
  private readonly vaultsById: Map<string, AzKeyVault>;

  constructor(spec: AzureSpec) {
    this.tenantId = spec.tenantId;
    this.subscriptionId = spec.subscriptionId;
    this.principals = spec.principals.map((p) => ({ ...p }));
    this.identitiesById = byId(spec.identities);
    this.ficsById = byId(spec.federatedCredentials);
    for (const [key, fic] of this.ficsById) this.indexFic(key, fic);
    this.assignmentsById = byId(spec.roleAssignments);
    this.definitionsByGuid = new Map([...BUILTIN_ROLE_DEFINITIONS, ...spec.roleDefinitions].map((d) => [guidKey(d.name || d.id), structuredClone(d)]));
    this.clustersById = byId(spec.clusters);
    this.vaultsById = byId(spec.keyVaults);
  }

  // Identities and their federated credentials

  identities(): AzIdentity[] {
    return [...this.identitiesById.values()];
  }

  identity(id: string): AzIdentity | undefined {
    return this.identitiesById.get(idKey(id));
  }

  /** Creates or replaces an identity; true when it was created. */
  putIdentity(identity: AzIdentity): boolean {
    const key = idKey(identity.id);
    const created = !this.identitiesById.has(key);
    this.identitiesById.set(key, identity);
    this.groups = undefined;
    return created;
  }

  identityByClientId(clientId: string): AzIdentity | undefined {
    const wanted = clientId.toLowerCase();
    return this.identities().find((i) => i.clientId.toLowerCase() === wanted);
  }

  private indexFic(key: string, fic: AzFederatedCredential): void {
    const parent = idKey(parentId(fic.id));
    const siblings = this.ficsByIdentity.get(parent) ?? new Map<string, AzFederatedCredential>();
    siblings.set(key, fic);
    this.ficsByIdentity.set(parent, siblings);
  }

  federatedCredentials(identityId: string): AzFederatedCredential[] {
    return [...(this.ficsByIdentity.get(idKey(identityId))?.values() ?? [])];
  }

  federatedCredential(id: string): AzFederatedCredential | undefined {
    return this.ficsById.get(idKey(id));
  }

  /** Creates or replaces; true when it was created. */
  putFederatedCredential(fic: AzFederatedCredential): boolean {
    const key = idKey(fic.id);
    const created = !this.ficsById.has(key);
    this.ficsById.set(key, fic);
    this.indexFic(key, fic);
    this.groups = undefined;
    return created;
  }

  deleteFederatedCredential(id: string): boolean {
    const key = idKey(id);
    this.ficsByIdentity.get(idKey(parentId(id)))?.delete(key);
    return this.ficsById.delete(key);
  }

  // Role assignments and definitions

  roleAssignments(): AzRoleAssignment[] {
    return [...this.assignmentsById.values()];
  }

  roleAssignment(id: string): AzRoleAssignment | undefined {
    return this.assignmentsById.get(idKey(id));
  }

  putRoleAssignment(assignment: AzRoleAssignment): void {
    this.assignmentsById.set(idKey(assignment.id), assignment);
    this.groups = undefined;
  }

  deleteRoleAssignment(id: string): AzRoleAssignment | undefined {
    const existing = this.assignmentsById.get(idKey(id));
    this.assignmentsById.delete(idKey(id));
    return existing;
  }

  roleDefinitions(): AzRoleDefinition[] {
    return [...this.definitionsByGuid.values()];
  }

  /** By GUID or by any id that ends with it (definition ids differ only by the scope they were read at). */
  roleDefinition(idOrGuid: string): AzRoleDefinition | undefined {
    return this.definitionsByGuid.get(guidKey(idOrGuid));
  }

  // Clusters and vaults

  clusters(): AzManagedCluster[] {
    return [...this.clustersById.values()];
  }

  cluster(id: string): AzManagedCluster | undefined {
    return this.clustersById.get(idKey(id));
  }

  keyVaults(): AzKeyVault[] {
    return [...this.vaultsById.values()];
  }

  keyVault(id: string): AzKeyVault | undefined {
    return this.vaultsById.get(idKey(id));
  }

  /** Replaces a vault's access policies. */
  setAccessPolicies(id: string, policies: AzKeyVault["properties"]["accessPolicies"]): void {
    const vault = this.vaultsById.get(idKey(id));
    if (vault) vault.properties = { ...vault.properties, accessPolicies: policies ?? [] };
  }

  // Directory

  principalByClientId(clientId: string): AzPrincipal | undefined {
    const wanted = clientId.toLowerCase();
    return this.principals.find((p) => p.clientId.toLowerCase() === wanted);
  }

  /** Object ids Entra ID knows: service principals of the identities and the signing-in principals. */
  directoryObjectExists(objectId: string): boolean {
    const wanted = objectId.toLowerCase();
    return this.identities().some((i) => i.principalId.toLowerCase() === wanted) || this.principals.some((p) => p.objectId.toLowerCase() === wanted);
  }

  // Containers

  private allIds(): string[] {
    return [
      ...this.identitiesById.values(),
      ...this.ficsById.values(),
      ...this.clustersById.values(),
      ...this.vaultsById.values(),
    ].map((r) => r.id).concat(this.roleAssignments().map((a) => a.scope));
  }

  /** The default subscription and every other one that holds a resource or an assignment scope. */
  subscriptionIds(): string[] {
    const out = new Map<string, string>([[this.subscriptionId.toLowerCase(), this.subscriptionId]]);
    for (const id of this.allIds()) {
      const sub = subscriptionOf(id);
      if (sub && !out.has(sub.toLowerCase())) out.set(sub.toLowerCase(), sub);
    }
    return [...out.values()];
  }

  /** Changes a cluster's fields (the world points its fqdn at the simulated API server). */
  updateCluster(id: string, fields: Partial<AzManagedCluster>): void {
    const cluster = this.clustersById.get(idKey(id));
    if (cluster) Object.assign(cluster, fields);
  }

  hasSubscription(subscriptionId: string): boolean {
    const wanted = subscriptionId.toLowerCase();
    return wanted === this.subscriptionId.toLowerCase() || this.groupIndex().has(wanted) || this.allIds().some((id) => subscriptionOf(id)?.toLowerCase() === wanted);
  }

  /** Resource groups exist when some resource or assignment scope lies in them. */
  private groupIndex(): Map<string, Map<string, string>> {
    if (this.groups) return this.groups;
    const groups = new Map<string, Map<string, string>>();
    for (const id of this.allIds()) {
      const rg = resourceGroupOf(id);
      const sub = subscriptionOf(id)?.toLowerCase();
      if (!rg || !sub) continue;
      const names = groups.get(sub) ?? new Map<string, string>();
      if (!names.has(rg.toLowerCase())) names.set(rg.toLowerCase(), rg);
      groups.set(sub, names);
    }
    this.groups = groups;
    return groups;
  }

  resourceGroups(subscriptionId: string): string[] {
    return [...(this.groupIndex().get(subscriptionId.toLowerCase())?.values() ?? [])];
  }

  hasResourceGroup(subscriptionId: string, resourceGroup: string): boolean {
    return this.groupIndex().get(subscriptionId.toLowerCase())?.has(resourceGroup.toLowerCase()) ?? false;
  }

  /** Every tracked resource that lies within a scope (for the generic resources list). */
  resourcesWithin(scope: string): { id: string; name: string; type: string; location?: string; tags?: unknown }[] {
    const typed = [
      ...this.identities().map((r) => ({ r, type: "Microsoft.ManagedIdentity/userAssignedIdentities" })),
      ...this.clusters().map((r) => ({ r, type: "Microsoft.ContainerService/managedClusters" })),
      ...this.keyVaults().map((r) => ({ r, type: "Microsoft.KeyVault/vaults" })),
    ];
    return typed
      .filter(({ r }) => isWithin(r.id, scope))
      .map(({ r, type }) => ({ id: r.id, name: r.name, type, location: r.location, ...(r["tags"] !== undefined ? { tags: r["tags"] } : {}) }));
  }
}
