import { ClientSecretCredential } from "@azure/identity";
import { startAzure, type FakeAzure, type StartFakeAzureOptions } from "../../../src/arm/index.js";
import { startIssuer, type FakeIssuer } from "../../../src/oidc/index.js";
import type { AzureFaults, AzureSpec, IssuerSpec, LatencySpec } from "../../../src/scenario/types.js";
import { createCertificateAuthority, type CertificateAuthority } from "../../../src/tls/ca.js";
import { trustCa } from "./tls.js";

export const TENANT = "0c8d3f5e-7a41-4b2c-9e6d-1f2a3b4c5d6e";
export const SUB = "5e8a1c2d-3b4f-4a6e-8d9c-0b1a2c3d4e5f";
export const OTHER_TENANT = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
export const RG = "rg-apps";
export const RG_DATA = "rg-data";

export const READER = {
  displayName: "wid-doctor",
  clientId: "3a1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  objectId: "7b6a5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
  clientSecret: "fake-secret-value",
};

export const ORDERS = {
  name: "id-orders",
  clientId: "11111111-2222-4333-8444-555555555555",
  principalId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
};
export const PAYMENTS = {
  name: "id-payments",
  clientId: "22222222-3333-4444-8555-666666666666",
  principalId: "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff",
};

export const identityId = (name: string, rg = RG): string => `/subscriptions/${SUB}/resourcegroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
export const vaultId = (name: string): string => `/subscriptions/${SUB}/resourceGroups/${RG_DATA}/providers/Microsoft.KeyVault/vaults/${name}`;
export const clusterId = (name: string): string => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}`;
export const KV_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";

/** A small Azure side: two identities, one trusted by the cluster's issuer, a vault and a cluster. */
export function azureSpec(issuer: string, over: Partial<AzureSpec> = {}): AzureSpec {
  const identity = (i: typeof ORDERS, location = "eastus") => ({
    id: identityId(i.name),
    name: i.name,
    location,
    clientId: i.clientId,
    principalId: i.principalId,
    tenantId: TENANT,
    resourceGroup: RG,
    type: "Microsoft.ManagedIdentity/userAssignedIdentities",
    tags: {},
  });
  return {
    tenantId: TENANT,
    subscriptionId: SUB,
    identities: [identity(ORDERS), identity(PAYMENTS)],
    federatedCredentials: [
      {
        id: `${identityId(ORDERS.name)}/federatedIdentityCredentials/aks-apps-orders`,
        name: "aks-apps-orders",
        issuer,
        subject: "system:serviceaccount:apps:orders",
        audiences: ["api://AzureADTokenExchange"],
        resourceGroup: RG,
        type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      },
    ],
    roleAssignments: [
      {
        id: `${vaultId("kv-orders")}/providers/Microsoft.Authorization/roleAssignments/0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a`,
        name: "0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a",
        principalId: ORDERS.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${KV_SECRETS_USER}`,
        roleDefinitionName: "Key Vault Secrets User",
        scope: vaultId("kv-orders"),
      },
      {
        id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e`,
        name: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e",
        principalId: READER.objectId,
        principalType: "ServicePrincipal",
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
        scope: `/subscriptions/${SUB}`,
      },
    ],
    roleDefinitions: [],
    clusters: [
      {
        id: clusterId("aks-prod"),
        name: "aks-prod",
        location: "eastus",
        resourceGroup: RG,
        kubernetesVersion: "1.32.4",
        fqdn: "aks-prod-dns-1a2b3c4d.hcp.eastus.azmk8s.io",
        oidcIssuerProfile: { enabled: true, issuerUrl: issuer },
        securityProfile: { workloadIdentity: { enabled: true } },
        type: "Microsoft.ContainerService/ManagedClusters",
      },
    ],
    keyVaults: [
      {
        id: vaultId("kv-orders"),
        name: "kv-orders",
        location: "eastus",
        resourceGroup: RG_DATA,
        properties: { enableRbacAuthorization: true, tenantId: TENANT, vaultUri: "https://kv-orders.vault.azure.net/" },
        type: "Microsoft.KeyVault/vaults",
      },
      {
        id: vaultId("kv-legacy"),
        name: "kv-legacy",
        location: "eastus",
        resourceGroup: RG_DATA,
        properties: {
          enableRbacAuthorization: false,
          tenantId: TENANT,
          accessPolicies: [{ tenantId: TENANT, objectId: PAYMENTS.principalId, permissions: { secrets: ["get", "list"] } }],
        },
        type: "Microsoft.KeyVault/vaults",
      },
    ],
    principals: [READER],
    ...over,
  };
}

export const issuerSpec = (over: Partial<IssuerSpec> = {}): IssuerSpec => ({
  enabled: true,
  path: `/eastus/${TENANT}/4f1c2a9e-0b7d-4d4e-9a51-6b2f0c8e7d31`,
  trailingSlash: true,
  faults: {},
  ...over,
});

export interface AzureWorld {
  ca: CertificateAuthority;
  issuer: FakeIssuer;
  azure: FakeAzure;
  /** The signed-in principal's credential, as wid gets it from the environment. */
  credential: ClientSecretCredential;
  close(): Promise<void>;
}

export interface AzureWorldOptions {
  ca?: CertificateAuthority;
  issuer?: Partial<IssuerSpec>;
  azure?: (issuer: string) => Partial<AzureSpec>;
  faults?: AzureFaults;
  latency?: LatencySpec;
  pageSize?: number;
  ficWriteMs?: number;
}

export async function startAzureWorld(o: AzureWorldOptions = {}): Promise<AzureWorld> {
  const ca = o.ca ?? (await createCertificateAuthority());
  trustCa(ca.caPem);
  const issuer = await startIssuer({ ca, spec: issuerSpec(o.issuer), ...(o.latency ? { latency: o.latency } : {}) });
  const opts: StartFakeAzureOptions = { ca, azure: azureSpec(issuer.issuer, o.azure?.(issuer.issuer)) };
  if (o.faults) opts.faults = o.faults;
  if (o.latency) opts.latency = o.latency;
  if (o.pageSize !== undefined) opts.pageSize = o.pageSize;
  if (o.ficWriteMs !== undefined) opts.ficWriteMs = o.ficWriteMs;
  const azure = await startAzure(opts);
  const credential = new ClientSecretCredential(TENANT, READER.clientId, READER.clientSecret, {
    authorityHost: azure.authorityHost,
    disableInstanceDiscovery: true,
  });
  return {
    ca,
    issuer,
    azure,
    credential,
    close: async () => {
      await Promise.all([issuer.close(), azure.close()]);
    },
  };
}
