/** Where an Azure object was read from: an Azure CLI export file, or live ARM (no file). */
export interface AzureOrigin {
  file?: string;
  line?: number;
  column?: number;
}

export interface ManagedIdentity {
  id: string;
  name: string;
  resourceGroup: string | undefined;
  subscriptionId: string | undefined;
  location: string | undefined;
  clientId: string;
  principalId: string;
  tenantId: string;
  origin: AzureOrigin;
}

export interface FederatedCredential {
  id: string;
  name: string;
  /** Resource id of the parent identity, from the FIC's own id. */
  identityId: string;
  identityName: string;
  resourceGroup: string | undefined;
  issuer: string;
  subject: string;
  audiences: string[];
  /** ISO time from systemData.createdAt, when the export had it. */
  createdAt: string | undefined;
  origin: AzureOrigin;
}

export interface RoleAssignment {
  id: string;
  name: string;
  principalId: string;
  principalType: string | undefined;
  principalName: string | undefined;
  /** Full role definition resource id (`/subscriptions/.../roleDefinitions/<guid>`). */
  roleDefinitionId: string;
  roleDefinitionName: string | undefined;
  scope: string;
  createdOn: string | undefined;
  origin: AzureOrigin;
}

export interface RolePermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinition {
  /** Full resource id; built-in roles known offline use `/providers/Microsoft.Authorization/roleDefinitions/<guid>`. */
  id: string;
  /** The role definition GUID. */
  name: string;
  roleName: string;
  roleType: "BuiltInRole" | "CustomRole";
  permissions: RolePermission[];
  assignableScopes: string[];
  origin: AzureOrigin;
}

export interface ManagedCluster {
  id: string;
  name: string;
  resourceGroup: string | undefined;
  oidcIssuerEnabled: boolean;
  issuerUrl: string | undefined;
  workloadIdentityEnabled: boolean;
  origin: AzureOrigin;
}

export interface KeyVaultAccessPolicy {
  tenantId: string;
  objectId: string;
  permissions: { secrets: string[]; keys: string[]; certificates: string[] };
}

export interface KeyVault {
  id: string;
  name: string;
  resourceGroup: string | undefined;
  tenantId: string | undefined;
  vaultUri: string | undefined;
  enableRbacAuthorization: boolean;
  accessPolicies: KeyVaultAccessPolicy[];
  origin: AzureOrigin;
}

export interface AzureState {
  identities: ManagedIdentity[];
  federatedCredentials: FederatedCredential[];
  roleAssignments: RoleAssignment[];
  /** Role definitions read from exports (custom roles); built-ins are known offline. */
  roleDefinitions: RoleDefinition[];
  clusters: ManagedCluster[];
  keyVaults: KeyVault[];
}

export function emptyAzureState(): AzureState {
  return { identities: [], federatedCredentials: [], roleAssignments: [], roleDefinitions: [], clusters: [], keyVaults: [] };
}
