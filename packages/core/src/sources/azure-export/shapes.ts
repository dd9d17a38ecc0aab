import type {
  FederatedCredential,
  KeyVault,
  ManagedCluster,
  ManagedIdentity,
  RoleAssignment,
  RoleDefinition,
  AzureOrigin,
} from "../../model/azure.js";
import { asArray, asRecord, asString, isRecord } from "../../util/raw.js";

/** One kind of Azure CLI export: how to recognise an element and turn it into the model. */
export interface Shape<T> {
  kind: "identity" | "federatedCredential" | "roleAssignment" | "roleDefinition" | "cluster" | "keyVault";
  /** The command whose output this is, for messages. */
  command: string;
  type: string;
  /** Fields that identify the shape when `type` is absent. */
  matches(o: Record<string, unknown>): boolean;
  read(o: Record<string, unknown>, origin: AzureOrigin): T | undefined;
}

/** `az` flattens `properties` for some commands and not others; ARM JSON always nests them. */
function flat(o: Record<string, unknown>): Record<string, unknown> {
  return isRecord(o["properties"]) ? { ...o["properties"], ...o } : o;
}

function idPart(id: string, segment: string): string | undefined {
  const parts = id.split("/");
  const i = parts.findIndex((p) => p.toLowerCase() === segment.toLowerCase());
  return i >= 0 ? parts[i + 1] : undefined;
}

function str(o: Record<string, unknown>, k: string): string | undefined {
  const v = o[k];
  return typeof v === "string" ? v : undefined;
}

function strings(v: unknown): string[] {
  return asArray(v).filter((x): x is string => typeof x === "string");
}

export const identityShape: Shape<ManagedIdentity> = {
  kind: "identity",
  command: "az identity list / az identity show",
  type: "microsoft.managedidentity/userassignedidentities",
  matches: (o) => {
    const f = flat(o);
    return typeof f["clientId"] === "string" && typeof f["principalId"] === "string" && typeof f["tenantId"] === "string";
  },
  read(o, origin) {
    const f = flat(o);
    const id = str(f, "id");
    const clientId = str(f, "clientId");
    const principalId = str(f, "principalId");
    const tenantId = str(f, "tenantId");
    if (!id || !clientId || !principalId || !tenantId) return undefined;
    return {
      id,
      name: str(f, "name") ?? id.split("/").pop()!,
      resourceGroup: str(f, "resourceGroup") ?? idPart(id, "resourceGroups"),
      subscriptionId: idPart(id, "subscriptions"),
      location: str(f, "location"),
      clientId,
      principalId,
      tenantId,
      origin,
    };
  },
};

export const federatedCredentialShape: Shape<FederatedCredential> = {
  kind: "federatedCredential",
  command: "az identity federated-credential list",
  type: "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials",
  matches: (o) => {
    const f = flat(o);
    return typeof f["issuer"] === "string" && typeof f["subject"] === "string" && Array.isArray(f["audiences"]);
  },
  read(o, origin) {
    const f = flat(o);
    const id = str(f, "id");
    const issuer = str(f, "issuer");
    const subject = str(f, "subject");
    if (!id || issuer === undefined || subject === undefined) return undefined;
    const marker = id.toLowerCase().indexOf("/federatedidentitycredentials/");
    const identityId = marker >= 0 ? id.slice(0, marker) : "";
    return {
      id,
      name: str(f, "name") ?? id.split("/").pop()!,
      identityId,
      identityName: identityId.split("/").pop() ?? "",
      resourceGroup: str(f, "resourceGroup") ?? idPart(id, "resourceGroups"),
      issuer,
      subject,
      audiences: strings(f["audiences"]),
      createdAt: asString(asRecord(f["systemData"])["createdAt"]),
      origin,
    };
  },
};

export const roleAssignmentShape: Shape<RoleAssignment> = {
  kind: "roleAssignment",
  command: "az role assignment list --all",
  type: "microsoft.authorization/roleassignments",
  matches: (o) => {
    const f = flat(o);
    return typeof f["principalId"] === "string" && typeof f["roleDefinitionId"] === "string" && typeof f["scope"] === "string";
  },
  read(o, origin) {
    const f = flat(o);
    const id = str(f, "id");
    const principalId = str(f, "principalId");
    const roleDefinitionId = str(f, "roleDefinitionId");
    const scope = str(f, "scope");
    if (!id || !principalId || !roleDefinitionId || !scope) return undefined;
    return {
      id,
      name: str(f, "name") ?? id.split("/").pop()!,
      principalId,
      principalType: str(f, "principalType"),
      principalName: str(f, "principalName"),
      roleDefinitionId,
      roleDefinitionName: str(f, "roleDefinitionName"),
      scope,
      createdOn: str(f, "createdOn"),
      origin,
    };
  },
};

export const roleDefinitionShape: Shape<RoleDefinition> = {
  kind: "roleDefinition",
  command: "az role definition list",
  type: "microsoft.authorization/roledefinitions",
  matches: (o) => {
    const f = flat(o);
    return typeof f["roleName"] === "string" && Array.isArray(f["permissions"]);
  },
  read(o, origin) {
    const f = flat(o);
    const id = str(f, "id");
    const roleName = str(f, "roleName");
    if (!id || !roleName) return undefined;
    return {
      id,
      name: str(f, "name") ?? id.split("/").pop()!,
      roleName,
      roleType: str(f, "roleType") === "BuiltInRole" || str(f, "type") === "BuiltInRole" ? "BuiltInRole" : "CustomRole",
      permissions: asArray(f["permissions"]).map((p) => {
        const r = asRecord(p);
        return {
          actions: strings(r["actions"]),
          notActions: strings(r["notActions"]),
          dataActions: strings(r["dataActions"]),
          notDataActions: strings(r["notDataActions"]),
        };
      }),
      assignableScopes: strings(f["assignableScopes"]),
      origin,
    };
  },
};

export const clusterShape: Shape<ManagedCluster> = {
  kind: "cluster",
  command: "az aks show",
  type: "microsoft.containerservice/managedclusters",
  matches: (o) => {
    const f = flat(o);
    return isRecord(f["oidcIssuerProfile"]) || Array.isArray(f["agentPoolProfiles"]);
  },
  read(o, origin) {
    const f = flat(o);
    const id = str(f, "id");
    if (!id) return undefined;
    const oidc = asRecord(f["oidcIssuerProfile"]);
    const issuer = str(oidc, "issuerUrl") ?? str(oidc, "issuerURL");
    return {
      id,
      name: str(f, "name") ?? id.split("/").pop()!,
      resourceGroup: str(f, "resourceGroup") ?? idPart(id, "resourceGroups"),
      oidcIssuerEnabled: oidc["enabled"] === true,
      issuerUrl: issuer || undefined,
      workloadIdentityEnabled: asRecord(asRecord(f["securityProfile"])["workloadIdentity"])["enabled"] === true,
      origin,
    };
  },
};

export const keyVaultShape: Shape<KeyVault> = {
  kind: "keyVault",
  command: "az keyvault show / az keyvault list",
  type: "microsoft.keyvault/vaults",
  matches: (o) => isRecord(o["properties"]) && ("vaultUri" in o["properties"] || "enableRbacAuthorization" in o["properties"]),
  read(o, origin) {
    const id = str(o, "id");
    if (!id) return undefined;
    const p = asRecord(o["properties"]);
    return {
      id,
      name: str(o, "name") ?? id.split("/").pop()!,
      resourceGroup: str(o, "resourceGroup") ?? idPart(id, "resourceGroups"),
      tenantId: str(p, "tenantId"),
      vaultUri: str(p, "vaultUri"),
      enableRbacAuthorization: p["enableRbacAuthorization"] === true,
      accessPolicies: asArray(p["accessPolicies"]).map((ap) => {
        const r = asRecord(ap);
        const perms = asRecord(r["permissions"]);
        return {
          tenantId: str(r, "tenantId") ?? "",
          objectId: str(r, "objectId") ?? "",
          permissions: { secrets: strings(perms["secrets"]), keys: strings(perms["keys"]), certificates: strings(perms["certificates"]) },
        };
      }),
      origin,
    };
  },
};

/** In recognition order: more specific types first (a FIC's type extends an identity's). */
export const SHAPES = [
  federatedCredentialShape,
  identityShape,
  roleAssignmentShape,
  roleDefinitionShape,
  clusterShape,
  keyVaultShape,
] as const;

export function recognise(o: Record<string, unknown>): (typeof SHAPES)[number] | undefined {
  const type = typeof o["type"] === "string" ? o["type"].toLowerCase() : undefined;
  if (type !== undefined) {
    const byType = SHAPES.find((s) => s.type === type);
    if (byType) return byType;
  }
  return SHAPES.find((s) => s.matches(o));
}
