import { createHash } from "node:crypto";
import type { Scratch } from "./doctor.js";

/** A stable, random-looking v4 GUID for a label, so fixtures read like real exports. */
export function guid(label: string): string {
  const h = createHash("sha256").update(`wid-scenarios/${label}`).digest("hex").split("");
  h[12] = "4";
  h[16] = "89ab"[parseInt(h[16]!, 16) % 4]!;
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

export const TENANT = guid("tenant");
/** Another directory (a development tenant), for tenant mix-ups. */
export const OTHER_TENANT = guid("tenant-dev");
export const SUBSCRIPTION = guid("subscription");
export const REGION = "northeurope";
export const CLUSTER_NAME = "aks-retail-prod-neu";
export const CLUSTER_RG = "rg-retail-prod-neu";
export const issuerOf = (label: string): string => `https://${REGION}.oic.prod-aks.azure.com/${TENANT}/${guid(`issuer:${label}`)}/`;
export const ISSUER = issuerOf(CLUSTER_NAME);
export const AUDIENCE = "api://AzureADTokenExchange";
/** When every scenario "runs": fixture timestamps are months before it unless a scenario says otherwise. */
export const NOW = Date.parse("2026-11-28T12:00:00Z");
export const minutesBefore = (minutes: number): number => NOW - minutes * 60_000;

export const ROLE_IDS: Record<string, string> = {
  "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
  "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  "Azure Service Bus Data Receiver": "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
  "Search Index Data Reader": "1407120a-92aa-4202-b7e9-c0e197c71c8f",
  "DNS Zone Contributor": "befefa01-2a29-4197-83a8-272ff33ce314",
};

const sub = `/subscriptions/${SUBSCRIPTION}`;
export const scopes = {
  subscription: () => sub,
  vault: (name: string, rg: string) => `${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`,
  storage: (name: string) => `${sub}/resourceGroups/rg-retail-data/providers/Microsoft.Storage/storageAccounts/${name}`,
  serviceBus: (name: string) => `${sub}/resourceGroups/rg-retail-messaging/providers/Microsoft.ServiceBus/namespaces/${name}`,
  search: (name: string) => `${sub}/resourceGroups/rg-retail-search/providers/Microsoft.Search/searchServices/${name}`,
};

export interface Identity {
  name: string;
  resourceGroup: string;
  clientId: string;
  principalId: string;
  id: string;
}

export interface Fic {
  identity: Identity;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  createdAt: number;
}

export interface Assignment {
  principalId: string;
  principalName: string | null;
  role: string;
  scope: string;
  createdOn: number;
}

export interface Vault {
  name: string;
  resourceGroup: string;
  rbac: boolean;
  /** Object ids with `get`/`list` on secrets (access-policy vaults). */
  accessPolicies: string[];
}

export function identity(name: string, resourceGroup = "rg-retail-identities"): Identity {
  return {
    name,
    resourceGroup,
    clientId: guid(`client:${resourceGroup}/${name}`),
    principalId: guid(`principal:${resourceGroup}/${name}`),
    id: `${sub}/resourcegroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
  };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** JSON as `az` prints it: sorted keys, two-space indent, final newline. */
export function azJson(v: unknown): string {
  return `${JSON.stringify(sortKeys(v), null, 2)}\n`;
}

/** ARM's systemData timestamps carry seven fraction digits; the role assignment list prints Python's isoformat. */
const armTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, ms3: string) => `.${ms3}0000Z`);
const pythonTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, ms3: string) => `.${ms3}000+00:00`);
const LONG_AGO = Date.parse("2025-06-17T09:41:27.512Z");

/**
 * The Azure side of a scenario: identities, federated credentials, role assignments, the AKS
 * cluster and Key Vaults, written as the Azure CLI exports them (the layout of
 * examples/export-azure.sh).
 */
export class AzureWorld {
  cluster = { oidcIssuerEnabled: true, issuer: ISSUER as string | null, workloadIdentityEnabled: true };
  identities: Identity[] = [];
  fics: Fic[] = [];
  assignments: Assignment[] = [];
  vaults: Vault[] = [];
  #texts = new Map<string, string>();

  /** An identity for `ns/sa` with the federated credential for this cluster. */
  app(ns: string, sa: string): Identity {
    const id = identity(`id-${sa}`);
    this.identities.push(id);
    this.fic(id, { subject: `system:serviceaccount:${ns}:${sa}` });
    return id;
  }

  fic(id: Identity, f: Partial<Omit<Fic, "identity">> & { subject: string }): Fic {
    const fic: Fic = { identity: id, name: `fic-${CLUSTER_NAME}`, issuer: ISSUER, audiences: [AUDIENCE], createdAt: LONG_AGO, ...f };
    this.fics.push(fic);
    return fic;
  }

  ficsOf(id: Identity): Fic[] {
    return this.fics.filter((f) => f.identity === id);
  }

  grant(id: Identity, role: string, scope: string, createdOn = LONG_AGO): Assignment {
    const a: Assignment = { principalId: id.principalId, principalName: id.clientId, role, scope, createdOn };
    this.assignments.push(a);
    return a;
  }

  vault(name: string, resourceGroup: string, rbac = true): Vault {
    const v: Vault = { name, resourceGroup, rbac, accessPolicies: [] };
    this.vaults.push(v);
    return v;
  }

  /** Writes the exports under `azure/` and returns that directory. */
  write(scratch: Scratch): string {
    this.#texts.clear();
    const put = (file: string, value: unknown) => {
      const text = azJson(value);
      this.#texts.set(file, text);
      scratch.write(`azure/${file}`, text);
    };
    put(
      "identities.json",
      this.identities.map((i) => ({
        clientId: i.clientId,
        id: i.id,
        isolationScope: "None",
        location: REGION,
        name: i.name,
        principalId: i.principalId,
        resourceGroup: i.resourceGroup,
        systemData: null,
        tags: {},
        tenantId: TENANT,
        type: "Microsoft.ManagedIdentity/userAssignedIdentities",
      })),
    );
    for (const i of this.identities) {
      put(
        `federated-credentials/${i.resourceGroup}/fic-${i.name}.json`,
        this.ficsOf(i).map((f) => ({
          audiences: f.audiences,
          claimsMatchingExpression: null,
          id: `${i.id}/federatedIdentityCredentials/${f.name}`,
          issuer: f.issuer,
          name: f.name,
          resourceGroup: i.resourceGroup,
          subject: f.subject,
          systemData: {
            createdAt: armTime(f.createdAt),
            createdBy: "dana.kim@contoso.com",
            createdByType: "User",
            lastModifiedAt: armTime(f.createdAt),
            lastModifiedBy: "dana.kim@contoso.com",
            lastModifiedByType: "User",
          },
          type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
        })),
      );
    }
    put(
      "role-assignments.json",
      this.assignments.map((a, n) => {
        const name = guid(`assignment:${a.principalId}:${a.role}:${a.scope}:${n}`);
        const rg = /\/resourceGroups\/([^/]+)/i.exec(a.scope)?.[1];
        return {
          condition: null,
          conditionVersion: null,
          createdBy: guid("user:dana.kim"),
          createdOn: pythonTime(a.createdOn),
          delegatedManagedIdentityResourceId: null,
          description: null,
          id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
          name,
          principalId: a.principalId,
          principalName: a.principalName,
          principalType: "ServicePrincipal",
          ...(rg ? { resourceGroup: rg } : {}),
          roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS[a.role]}`,
          roleDefinitionName: a.role,
          scope: a.scope,
          type: "Microsoft.Authorization/roleAssignments",
          updatedBy: guid("user:dana.kim"),
          updatedOn: pythonTime(a.createdOn),
        };
      }),
    );
    put(`cluster-${CLUSTER_NAME}.json`, {
      agentPoolProfiles: [{ count: 3, mode: "System", name: "system", osType: "Linux", vmSize: "Standard_D4ds_v5" }],
      fqdn: `${CLUSTER_NAME}-dns-7d1e2f3a.hcp.${REGION}.azmk8s.io`,
      id: `${sub}/resourcegroups/${CLUSTER_RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER_NAME}`,
      kubernetesVersion: "1.33",
      location: REGION,
      name: CLUSTER_NAME,
      nodeResourceGroup: `MC_${CLUSTER_RG}_${CLUSTER_NAME}_${REGION}`,
      oidcIssuerProfile: { enabled: this.cluster.oidcIssuerEnabled, issuerUrl: this.cluster.issuer },
      provisioningState: "Succeeded",
      resourceGroup: CLUSTER_RG,
      securityProfile: { workloadIdentity: this.cluster.workloadIdentityEnabled ? { enabled: true } : null },
      type: "Microsoft.ContainerService/ManagedClusters",
    });
    put(
      "keyvaults.json",
      this.vaults.map((v) => ({
        id: scopes.vault(v.name, v.resourceGroup),
        location: REGION,
        name: v.name,
        properties: {
          accessPolicies: v.accessPolicies.map((objectId) => ({
            applicationId: null,
            objectId,
            permissions: { certificates: [], keys: [], secrets: ["get", "list"], storage: [] },
            tenantId: TENANT,
          })),
          enableRbacAuthorization: v.rbac,
          enableSoftDelete: true,
          provisioningState: "Succeeded",
          publicNetworkAccess: "Enabled",
          sku: { family: "A", name: "standard" },
          softDeleteRetentionInDays: 90,
          tenantId: TENANT,
          vaultUri: `https://${v.name}.vault.azure.net/`,
        },
        resourceGroup: v.resourceGroup,
        tags: {},
        type: "Microsoft.KeyVault/vaults",
      })),
    );
    return `${scratch.dir}/azure`;
  }

  /**
   * An element of an exported array that `match` picks (or the file's single object): its `name`,
   * and `azure/FILE:LINE` of its opening brace, where the loader locates it.
   */
  element(file: string, match?: (element: Record<string, unknown>) => boolean): { name: string; where: string } {
    const text = this.#texts.get(file);
    if (text === undefined) throw new Error(`${file} was not written`);
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return { name: String((value as Record<string, unknown>)["name"]), where: `azure/${file}:1` };
    const index = value.findIndex((e) => match!(e as Record<string, unknown>));
    if (index < 0) throw new Error(`no element of ${file} matches`);
    const starts = text
      .split("\n")
      .map((l, n) => (l === "  {" ? n + 1 : 0))
      .filter((n) => n > 0);
    return { name: String((value[index] as Record<string, unknown>)["name"]), where: `azure/${file}:${starts[index]}` };
  }
}
