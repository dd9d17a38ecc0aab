// Azure CLI JSON as `az` prints it (see the shapes reference), and the manifests that go with it,
// for the tests of the Azure checks.

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const OTHER_TENANT = "0b9d1c3e-5a4f-4e21-9c3d-8f7e6a5b4c3d";
export const SUB = "5f0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b";
export const RG = "rg-prod";
export const ISSUER = `https://westeurope.oic.prod-aks.azure.com/${TENANT}/0c2a4e6f-1b3d-4c5e-8f7a-9b0c1d2e3f4a/`;
export const OLD_ISSUER = `https://westeurope.oic.prod-aks.azure.com/${TENANT}/9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4/`;
export const AUDIENCE = "api://AzureADTokenExchange";
/** A fixed "now" for time-relative checks: 2026-03-01T12:00:00Z. */
export const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

export const ROLE = {
  secretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  secretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  blobReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
} as const;

const ROLE_NAMES: Record<string, string> = {
  [ROLE.secretsUser]: "Key Vault Secrets User",
  [ROLE.secretsOfficer]: "Key Vault Secrets Officer",
  [ROLE.reader]: "Reader",
  [ROLE.owner]: "Owner",
  [ROLE.blobReader]: "Storage Blob Data Reader",
};

export interface IdentityOpts {
  clientId: string;
  principalId: string;
  tenantId?: string;
  rg?: string;
  sub?: string;
}

/** `az identity show` (one element of `az identity list`). The CLI prints `resourcegroups` in lower case. */
export function identity(name: string, o: IdentityOpts): Record<string, unknown> {
  const rg = o.rg ?? RG;
  return {
    clientId: o.clientId,
    id: `/subscriptions/${o.sub ?? SUB}/resourcegroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    isolationScope: "None",
    location: "westeurope",
    name,
    principalId: o.principalId,
    resourceGroup: rg,
    systemData: null,
    tags: {},
    tenantId: o.tenantId ?? TENANT,
    type: "Microsoft.ManagedIdentity/userAssignedIdentities",
  };
}

export interface FicOpts {
  issuer?: string;
  subject: string;
  audiences?: string[];
  createdAt?: string;
  rg?: string;
  sub?: string;
}

/** One element of `az identity federated-credential list --identity-name IDENTITY -g RG`. */
export function fic(identityName: string, name: string, o: FicOpts): Record<string, unknown> {
  const rg = o.rg ?? RG;
  return {
    audiences: o.audiences ?? [AUDIENCE],
    claimsMatchingExpression: null,
    id: `/subscriptions/${o.sub ?? SUB}/resourcegroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identityName}/federatedIdentityCredentials/${name}`,
    issuer: o.issuer ?? ISSUER,
    name,
    resourceGroup: rg,
    subject: o.subject,
    systemData: o.createdAt
      ? { createdAt: o.createdAt, createdBy: "admin@contoso.com", createdByType: "User", lastModifiedAt: o.createdAt, lastModifiedBy: "admin@contoso.com", lastModifiedByType: "User" }
      : null,
    type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
  };
}

export interface ClusterOpts {
  oidc?: boolean;
  issuerUrl?: string | null;
  workloadIdentity?: boolean;
  rg?: string;
}

/** `az aks show` (no `properties` wrapper; `issuerUrl` with a lower-case "rl"). */
export function aks(name: string, o: ClusterOpts = {}): Record<string, unknown> {
  const rg = o.rg ?? RG;
  const oidc = o.oidc ?? true;
  return {
    id: `/subscriptions/${SUB}/resourcegroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    kubernetesVersion: "1.32.4",
    fqdn: `${name}-dns-1a2b3c4d.hcp.westeurope.azmk8s.io`,
    location: "westeurope",
    name,
    oidcIssuerProfile: { enabled: oidc, issuerUrl: o.issuerUrl === undefined ? (oidc ? ISSUER : null) : o.issuerUrl },
    resourceGroup: rg,
    securityProfile: { workloadIdentity: o.workloadIdentity === undefined ? { enabled: true } : o.workloadIdentity ? { enabled: true } : null },
    type: "Microsoft.ContainerService/ManagedClusters",
  };
}

export interface AssignmentOpts {
  principalId: string;
  role: string;
  scope: string;
  createdOn?: string;
  principalType?: string;
  name?: string;
}

let assignmentSeq = 0;

/** One element of `az role assignment list --all`. */
export function assignment(o: AssignmentOpts): Record<string, unknown> {
  const name = o.name ?? `a0c1e2f3-0000-4000-8000-${String(++assignmentSeq).padStart(12, "0")}`;
  const rg = /\/resourceGroups\/([^/]+)/i.exec(o.scope)?.[1];
  return {
    condition: null,
    conditionVersion: null,
    createdBy: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b",
    createdOn: o.createdOn ?? "2025-06-01T09:30:00.123456+00:00",
    delegatedManagedIdentityResourceId: null,
    description: null,
    id: `${o.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    principalId: o.principalId,
    principalName: "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901",
    principalType: o.principalType ?? "ServicePrincipal",
    ...(rg ? { resourceGroup: rg } : {}),
    roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${o.role}`,
    roleDefinitionName: ROLE_NAMES[o.role] ?? "Custom Role",
    scope: o.scope,
    type: "Microsoft.Authorization/roleAssignments",
    updatedBy: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b",
    updatedOn: o.createdOn ?? "2025-06-01T09:30:00.123456+00:00",
  };
}

export function vaultId(name: string, rg = RG): string {
  return `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`;
}

export interface VaultOpts {
  rbac: boolean;
  tenantId?: string;
  policies?: { objectId: string; secrets?: string[]; keys?: string[]; certificates?: string[] }[];
  rg?: string;
}

/** `az keyvault show` (keeps `properties`). */
export function keyVault(name: string, o: VaultOpts): Record<string, unknown> {
  const tenantId = o.tenantId ?? TENANT;
  return {
    id: vaultId(name, o.rg),
    location: "westeurope",
    name,
    properties: {
      accessPolicies: (o.policies ?? []).map((p) => ({
        applicationId: null,
        objectId: p.objectId,
        permissions: { certificates: p.certificates ?? [], keys: p.keys ?? [], secrets: p.secrets ?? [], storage: [] },
        tenantId,
      })),
      enableRbacAuthorization: o.rbac,
      enableSoftDelete: true,
      provisioningState: "Succeeded",
      sku: { family: "A", name: "standard" },
      tenantId,
      vaultUri: `https://${name}.vault.azure.net/`,
    },
    resourceGroup: o.rg ?? RG,
    systemData: null,
    tags: {},
    type: "Microsoft.KeyVault/vaults",
  };
}

export function serviceAccount(name: string, namespace: string, annotations: Record<string, string> = {}): string {
  const lines = [`apiVersion: v1`, `kind: ServiceAccount`, `metadata:`, `  name: ${name}`, `  namespace: ${namespace}`];
  const entries = Object.entries(annotations);
  if (entries.length) {
    lines.push("  annotations:");
    for (const [k, v] of entries) lines.push(`    ${k}: ${JSON.stringify(v)}`);
  }
  return lines.join("\n") + "\n";
}

export interface DeploymentOpts {
  /** serviceAccountName; absent, the pods run as `default`. */
  sa?: string;
  namespace: string;
  labelled?: boolean;
  /** SecretProviderClass names mounted through the Secrets Store CSI driver. */
  spcs?: string[];
}

export function deployment(name: string, o: DeploymentOpts): string {
  const spcs = o.spcs ?? [];
  const volumes = spcs.length
    ? [
        "      volumes:",
        ...spcs.flatMap((s, i) => [
          `        - name: secrets-${i}`,
          "          csi:",
          "            driver: secrets-store.csi.k8s.io",
          "            readOnly: true",
          "            volumeAttributes:",
          `              secretProviderClass: ${s}`,
        ]),
      ]
    : [];
  return [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${name}`,
    `  namespace: ${o.namespace}`,
    "spec:",
    "  selector:",
    "    matchLabels:",
    `      app: ${name}`,
    "  template:",
    "    metadata:",
    "      labels:",
    `        app: ${name}`,
    ...(o.labelled === false ? [] : ['        azure.workload.identity/use: "true"']),
    "    spec:",
    ...(o.sa === undefined ? [] : [`      serviceAccountName: ${o.sa}`]),
    "      containers:",
    "        - name: app",
    "          image: contoso.azurecr.io/app:1.0",
    ...volumes,
    "",
  ].join("\n");
}

export interface SpcOpts {
  namespace: string;
  keyvaultName?: string;
  clientID?: string;
  tenantId?: string;
  objects?: { name: string; type: "secret" | "key" | "cert" }[];
  extra?: Record<string, string>;
}

/** A SecretProviderClass of the Azure Key Vault provider, as its docs write it. */
export function spc(name: string, o: SpcOpts): string {
  const objects = o.objects ?? [{ name: "db-password", type: "secret" }];
  const params: string[] = ['    usePodIdentity: "false"'];
  if (o.clientID !== undefined) params.push(`    clientID: ${JSON.stringify(o.clientID)}`);
  if (o.keyvaultName !== undefined) params.push(`    keyvaultName: ${JSON.stringify(o.keyvaultName)}`);
  for (const [k, v] of Object.entries(o.extra ?? {})) params.push(`    ${k}: ${JSON.stringify(v)}`);
  params.push("    objects: |", "      array:");
  for (const ob of objects) params.push("        - |", `          objectName: ${ob.name}`, `          objectType: ${ob.type}`, '          objectVersion: ""');
  if (o.tenantId !== undefined) params.push(`    tenantId: ${JSON.stringify(o.tenantId)}`);
  return ["apiVersion: secrets-store.csi.x-k8s.io/v1", "kind: SecretProviderClass", "metadata:", `  name: ${name}`, `  namespace: ${o.namespace}`, "spec:", "  provider: azure", "  parameters:", ...params, ""].join(
    "\n",
  );
}

/** The webhook's ConfigMap as the Helm chart installs it. */
export function webhookConfigMap(tenantId: string, namespace = "azure-workload-identity-system", labels: Record<string, string> = {}): string {
  const labelLines = Object.entries(labels).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  return [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: azure-wi-webhook-config",
    `  namespace: ${namespace}`,
    ...(labelLines.length ? ["  labels:", ...labelLines] : []),
    "data:",
    "  AZURE_ENVIRONMENT: AzurePublicCloud",
    `  AZURE_TENANT_ID: ${JSON.stringify(tenantId)}`,
    "",
  ].join("\n");
}

/**
 * Where the fixture helper's export file puts an Azure object: `file:line:column` of the `{`
 * that opens element `index` of `value` (the file is `JSON.stringify(value, null, 2)`), or of the
 * single object. The form `where()` prints.
 */
export function at(file: string, value: unknown, index = 0): string {
  if (!Array.isArray(value)) return `${file}:1:1`;
  const lines = JSON.stringify(value, null, 2).split("\n");
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith("  {") && ++seen === index) return `${file}:${i + 1}:3`;
  }
  throw new Error(`no element ${index} in ${file}`);
}
