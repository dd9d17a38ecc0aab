import type { CheckExample } from "../types.js";
import { WI } from "../../wi.js";

/**
 * The setup every check's docs example starts from: one AKS cluster with its OIDC issuer and
 * workload identity on, a ServiceAccount `prod/app` annotated with the client id of identity
 * `id-app`, a labelled Deployment `prod/web` running as it, the federated credential that
 * trusts it, and a Key Vault `kv-prod` the identity may read. Everything in it is right: an
 * example states only what differs. The Azure values are shaped as `az ... -o json` prints them
 * (see the Azure export source); ids and names are made up.
 */
export const WORLD = {
  tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  otherTenantId: "0b9d1c3e-5a4f-4e21-9c3d-8f7e6a5b4c3d",
  subscriptionId: "5f0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b",
  resourceGroup: "rg-prod",
  location: "westeurope",
  cluster: "aks-prod",
  issuer: "https://westeurope.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/0c2a4e6f-1b3d-4c5e-8f7a-9b0c1d2e3f4a/",
  /** The issuer of the cluster before it was rebuilt. */
  oldIssuer: "https://westeurope.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4/",
  namespace: "prod",
  serviceAccount: "app",
  identity: "id-app",
  clientId: "11111111-2222-4333-8444-555555555555",
  principalId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
  fic: "prod-app",
  vault: "kv-prod",
  /** When the examples' Azure resources were created (long before anyone reads the example). */
  created: "2025-06-01T09:30:00.123456+00:00",
} as const;

/** The built-in roles the examples grant, by name: their role definition GUIDs. */
export const ROLE_IDS = {
  "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
  "Key Vault Reader": "21090545-7ca7-4776-b22c-e363652d74d2",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
} as const;

export type ExampleRole = keyof typeof ROLE_IDS;

const rgPath = (rg: string, lower: boolean) => `/subscriptions/${WORLD.subscriptionId}/${lower ? "resourcegroups" : "resourceGroups"}/${rg}`;

export function identityId(name: string = WORLD.identity): string {
  // the identity commands print the resource group segment in lower case
  return `${rgPath(WORLD.resourceGroup, true)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
}

export function vaultId(name: string = WORLD.vault): string {
  return `${rgPath(WORLD.resourceGroup, false)}/providers/Microsoft.KeyVault/vaults/${name}`;
}

export interface IdentitySpec {
  name?: string;
  clientId?: string;
  principalId?: string;
  tenantId?: string;
}

/** One element of `az identity list`. */
export function azIdentity(o: IdentitySpec = {}): Record<string, unknown> {
  const name = o.name ?? WORLD.identity;
  return {
    clientId: o.clientId ?? WORLD.clientId,
    id: identityId(name),
    isolationScope: "None",
    location: WORLD.location,
    name,
    principalId: o.principalId ?? WORLD.principalId,
    resourceGroup: WORLD.resourceGroup,
    systemData: null,
    tags: {},
    tenantId: o.tenantId ?? WORLD.tenantId,
    type: "Microsoft.ManagedIdentity/userAssignedIdentities",
  };
}

export interface FederatedCredentialSpec {
  identity?: string;
  name?: string;
  issuer?: string;
  subject?: string;
  audiences?: string[];
  createdAt?: string;
}

/** One element of `az identity federated-credential list --identity-name IDENTITY -g RG`. */
export function azFederatedCredential(o: FederatedCredentialSpec = {}): Record<string, unknown> {
  const name = o.name ?? WORLD.fic;
  const createdAt = o.createdAt ?? "2025-06-01T09:31:12.4711303Z";
  return {
    audiences: o.audiences ?? [WI.audience],
    claimsMatchingExpression: null,
    id: `${identityId(o.identity)}/federatedIdentityCredentials/${name}`,
    issuer: o.issuer ?? WORLD.issuer,
    name,
    resourceGroup: WORLD.resourceGroup,
    subject: o.subject ?? `system:serviceaccount:${WORLD.namespace}:${WORLD.serviceAccount}`,
    systemData: {
      createdAt,
      createdBy: "alex.meyer@contoso.com",
      createdByType: "User",
      lastModifiedAt: createdAt,
      lastModifiedBy: "alex.meyer@contoso.com",
      lastModifiedByType: "User",
    },
    type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
  };
}

export interface RoleAssignmentSpec {
  principalId?: string;
  role?: ExampleRole;
  scope?: string;
  /** The assignment's GUID name. */
  name?: string;
  createdOn?: string;
}

/** One element of `az role assignment list --all`. */
export function azRoleAssignment(o: RoleAssignmentSpec = {}): Record<string, unknown> {
  const role = o.role ?? "Key Vault Secrets User";
  const scope = o.scope ?? vaultId();
  const name = o.name ?? "3f2b7c1d-8e4a-4b6f-9c0d-1a2b3c4d5e6f";
  const rg = /\/resourceGroups\/([^/]+)/i.exec(scope)?.[1];
  const createdOn = o.createdOn ?? WORLD.created;
  return {
    condition: null,
    conditionVersion: null,
    createdBy: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b",
    createdOn,
    delegatedManagedIdentityResourceId: null,
    description: null,
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    principalId: o.principalId ?? WORLD.principalId,
    principalName: WORLD.clientId,
    principalType: "ServicePrincipal",
    ...(rg ? { resourceGroup: rg } : {}),
    roleDefinitionId: `/subscriptions/${WORLD.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS[role]}`,
    roleDefinitionName: role,
    scope,
    type: "Microsoft.Authorization/roleAssignments",
    updatedBy: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b",
    updatedOn: createdOn,
  };
}

export interface ClusterSpec {
  oidcIssuer?: boolean;
  /** The issuer URL; `null` for a cluster that reports none. */
  issuerUrl?: string | null;
  workloadIdentity?: boolean;
}

/** `az aks show -n aks-prod -g rg-prod`: no `properties` wrapper, and `issuerUrl` with a lower-case "rl". */
export function azCluster(o: ClusterSpec = {}): Record<string, unknown> {
  const oidc = o.oidcIssuer ?? true;
  return {
    fqdn: `${WORLD.cluster}-dns-1a2b3c4d.hcp.${WORLD.location}.azmk8s.io`,
    id: `${rgPath(WORLD.resourceGroup, true)}/providers/Microsoft.ContainerService/managedClusters/${WORLD.cluster}`,
    kubernetesVersion: "1.32.4",
    location: WORLD.location,
    name: WORLD.cluster,
    oidcIssuerProfile: { enabled: oidc, issuerUrl: o.issuerUrl === undefined ? (oidc ? WORLD.issuer : null) : o.issuerUrl },
    resourceGroup: WORLD.resourceGroup,
    securityProfile: { workloadIdentity: (o.workloadIdentity ?? true) ? { enabled: true } : null },
    type: "Microsoft.ContainerService/ManagedClusters",
  };
}

export interface AccessPolicySpec {
  objectId: string;
  secrets?: string[];
  keys?: string[];
  certificates?: string[];
}

export interface KeyVaultSpec {
  name?: string;
  /** The Azure RBAC permission model (the default); false for access policies. */
  rbac?: boolean;
  policies?: AccessPolicySpec[];
}

/** One element of `az keyvault list -g rg-prod` (it keeps `properties`). */
export function azKeyVault(o: KeyVaultSpec = {}): Record<string, unknown> {
  const name = o.name ?? WORLD.vault;
  return {
    id: vaultId(name),
    location: WORLD.location,
    name,
    properties: {
      accessPolicies: (o.policies ?? []).map((p) => ({
        applicationId: null,
        objectId: p.objectId,
        permissions: { certificates: p.certificates ?? [], keys: p.keys ?? [], secrets: p.secrets ?? [], storage: null },
        tenantId: WORLD.tenantId,
      })),
      enableRbacAuthorization: o.rbac ?? true,
      enableSoftDelete: true,
      provisioningState: "Succeeded",
      sku: { family: "A", name: "standard" },
      tenantId: WORLD.tenantId,
      vaultUri: `https://${name}.vault.azure.net/`,
    },
    resourceGroup: WORLD.resourceGroup,
    systemData: null,
    tags: {},
    type: "Microsoft.KeyVault/vaults",
  };
}

/** What differs from the standard Azure exports: each list replaces the standard one. */
export interface AzureWorldSpec {
  cluster?: ClusterSpec;
  identities?: Record<string, unknown>[];
  federatedCredentials?: Record<string, unknown>[];
  roleAssignments?: Record<string, unknown>[];
  keyVaults?: Record<string, unknown>[];
}

/**
 * The Azure CLI exports of the standard setup, by file name, with `spec`'s changes: the cluster
 * (`az aks show`), the identities, the federated credentials of `id-app`, the role assignments and
 * the Key Vaults.
 */
export function azureExports(spec: AzureWorldSpec = {}): Record<string, unknown> {
  return {
    "aks.json": azCluster(spec.cluster),
    "identities.json": spec.identities ?? [azIdentity()],
    "federated-credentials.json": spec.federatedCredentials ?? [azFederatedCredential()],
    "role-assignments.json": spec.roleAssignments ?? [azRoleAssignment()],
    "keyvaults.json": spec.keyVaults ?? [azKeyVault()],
  };
}

/** The ServiceAccount of the standard setup, annotated with `id-app`'s client id. */
export const SERVICE_ACCOUNT = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: ${WORLD.clientId}
`;

/** The Deployment of the standard setup: labelled for the webhook, running as `prod/app`. */
export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
`;

/** YAML documents joined into one manifest file. */
export function yamlDocuments(...documents: string[]): string {
  return documents.map((d) => (d.endsWith("\n") ? d : `${d}\n`)).join("---\n");
}

/** A complete example: the standard manifests (or `manifests`) and, with `azure`, its Azure exports. */
export function example(manifests: string = yamlDocuments(SERVICE_ACCOUNT, DEPLOYMENT), azure?: AzureWorldSpec): CheckExample {
  return azure ? { manifests, azure: azureExports(azure) } : { manifests };
}

export interface SecretProviderClassSpec {
  /** The identity the CSI driver authenticates as: `id-app`'s client id unless given. */
  clientId?: string;
  tenantId?: string;
  keyvaultName?: string;
}

/** A SecretProviderClass `prod/app-secrets` of the Azure Key Vault provider reading secret `db-password` with workload identity. */
export function secretProviderClass(o: SecretProviderClassSpec = {}): string {
  return `apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: app-secrets
  namespace: prod
spec:
  provider: azure
  parameters:
    usePodIdentity: "false"
    clientID: "${o.clientId ?? WORLD.clientId}"
    keyvaultName: ${o.keyvaultName ?? WORLD.vault}
    objects: |
      array:
        - |
          objectName: db-password
          objectType: secret
    tenantId: "${o.tenantId ?? WORLD.tenantId}"
`;
}

/** The standard Deployment, mounting the secrets of SecretProviderClass `app-secrets`. */
export const DEPLOYMENT_WITH_SECRETS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
          volumeMounts:
            - name: secrets
              mountPath: /mnt/secrets
              readOnly: true
      volumes:
        - name: secrets
          csi:
            driver: secrets-store.csi.k8s.io
            readOnly: true
            volumeAttributes:
              secretProviderClass: app-secrets
`;

/** The standard manifests with the Deployment reading Key Vault `kv-prod` through `secretProviderClass(spc)`. */
export function withSecrets(spc: SecretProviderClassSpec = {}): string {
  return yamlDocuments(SERVICE_ACCOUNT, DEPLOYMENT_WITH_SECRETS, secretProviderClass(spc));
}
