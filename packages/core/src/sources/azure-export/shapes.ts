import type {
  AzureOrigin,
  FederatedCredential,
  KeyVault,
  ManagedCluster,
  ManagedIdentity,
  RoleAssignment,
  RoleDefinition,
} from "../../model/azure.js";
import { asArray, asRecord, isRecord } from "../../util/raw.js";

/** An element recognised by its shape that still cannot be used, and why. */
export interface Unusable {
  unusable: string;
  severity: "info" | "warning" | "error";
  /** The field at fault, to point at it. */
  field?: string;
}

export function isUnusable(v: unknown): v is Unusable {
  return isRecord(v) && typeof v["unusable"] === "string";
}

/** One kind of Azure CLI export: how to recognise an element and turn it into the model. */
export interface Shape<T> {
  kind: "identity" | "federatedCredential" | "roleAssignment" | "roleDefinition" | "cluster" | "keyVault";
  /** The commands whose output this is, for messages. */
  command: string;
  /** The ARM resource type, lower-case, as `type` holds it. */
  type: string;
  /** Fields that identify the shape when `type` is absent or unknown. */
  matches(o: Record<string, unknown>): boolean;
  read(o: Record<string, unknown>, origin: AzureOrigin): T | Unusable;
}

/**
 * `az` flattens `properties` for the identity and federated-credential commands (AAZ) and not
 * for others; ARM REST JSON (`az rest`, the portal's JSON view) always nests them.
 */
function flat(o: Record<string, unknown>): Record<string, unknown> {
  return isRecord(o["properties"]) ? { ...o["properties"], ...o } : o;
}

function idPart(id: string, segment: string): string | undefined {
  const parts = id.split("/");
  const i = parts.findIndex((p) => p.toLowerCase() === segment.toLowerCase());
  return i >= 0 && i + 1 < parts.length ? parts[i + 1] : undefined;
}

function str(o: Record<string, unknown>, k: string): string | undefined {
  const v = o[k];
  return typeof v === "string" ? v : undefined;
}

function strings(v: unknown): string[] {
  return asArray(v).filter((x): x is string => typeof x === "string");
}

function lastSegment(id: string): string {
  return id.split("/").filter(Boolean).pop() ?? id;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/**
 * The fields an element must hold as non-empty strings; an Unusable naming those of the wrong
 * type (an input error: the data is there but cannot be used) or, else, those it lacks.
 */
function lacking(f: Record<string, unknown>, what: string, fields: readonly string[]): Unusable | undefined {
  const wrong = fields.filter((k) => f[k] !== undefined && f[k] !== null && typeof f[k] !== "string");
  if (wrong.length) {
    const found = wrong.map((k) => `${k} is ${typeName(f[k])}`).join(", ");
    return { unusable: `${what}: ${found}; wanted ${wrong.length > 1 ? "strings" : "a string"} as the Azure CLI prints them; skipped`, severity: "error", field: wrong[0]! };
  }
  const missing = fields.filter((k) => !str(f, k));
  return missing.length ? { unusable: `${what} without ${missing.join(", ")}; skipped`, severity: "warning", field: missing[0]! } : undefined;
}

function resourceGroup(f: Record<string, unknown>, id: string): string | undefined {
  return str(f, "resourceGroup") ?? idPart(id, "resourceGroups");
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
    const bad = lacking(f, "managed identity", ["id", "clientId", "principalId", "tenantId"]);
    if (bad) return bad;
    const id = str(f, "id")!;
    return {
      id,
      name: str(f, "name") ?? lastSegment(id),
      resourceGroup: resourceGroup(f, id),
      subscriptionId: idPart(id, "subscriptions"),
      location: str(f, "location"),
      clientId: str(f, "clientId")!,
      principalId: str(f, "principalId")!,
      tenantId: str(f, "tenantId")!,
      origin,
    };
  },
};

const FIC_SEGMENT = "/federatedidentitycredentials/";

export const federatedCredentialShape: Shape<FederatedCredential> = {
  kind: "federatedCredential",
  command: "az identity federated-credential list / show",
  type: "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials",
  matches: (o) => {
    const f = flat(o);
    return typeof f["issuer"] === "string" && Array.isArray(f["audiences"]) && (typeof f["subject"] === "string" || isRecord(f["claimsMatchingExpression"]));
  },
  read(o, origin) {
    const f = flat(o);
    const bad = lacking(f, "federated identity credential", ["id", "issuer"]);
    if (bad) return bad;
    const id = str(f, "id")!;
    const marker = id.toLowerCase().indexOf(FIC_SEGMENT);
    if (marker < 0) return { unusable: `federated identity credential whose id names no parent identity (${id}); skipped`, severity: "warning" };
    const subject = str(f, "subject");
    // A flexible credential (claimsMatchingExpression) has no subject to compare: kept so that
    // its identity's count stays right, with a subject that matches no service account.
    if (subject === undefined && !isRecord(f["claimsMatchingExpression"])) return { unusable: "federated identity credential without subject; skipped", severity: "warning" };
    const identityId = id.slice(0, marker);
    return {
      id,
      name: str(f, "name") ?? lastSegment(id),
      identityId,
      identityName: lastSegment(identityId),
      resourceGroup: resourceGroup(f, id),
      issuer: str(f, "issuer")!,
      subject: subject ?? "",
      audiences: strings(f["audiences"]),
      createdAt: str(asRecord(f["systemData"]), "createdAt"),
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
    const bad = lacking(f, "role assignment", ["id", "principalId", "roleDefinitionId", "scope"]);
    if (bad) return bad;
    const id = str(f, "id")!;
    return {
      id,
      name: str(f, "name") ?? lastSegment(id),
      principalId: str(f, "principalId")!,
      principalType: str(f, "principalType"),
      principalName: str(f, "principalName"),
      roleDefinitionId: str(f, "roleDefinitionId")!,
      roleDefinitionName: str(f, "roleDefinitionName"),
      scope: str(f, "scope")!,
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
    const bad = lacking(f, "role definition", ["id", "roleName"]);
    if (bad) return bad;
    const id = str(f, "id")!;
    // The CLI calls it roleType; ARM REST keeps it as properties.type.
    const roleType = str(f, "roleType") ?? str(asRecord(o["properties"]), "type");
    return {
      id,
      name: str(f, "name") ?? lastSegment(id),
      roleName: str(f, "roleName")!,
      roleType: roleType === "BuiltInRole" ? "BuiltInRole" : "CustomRole",
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
  command: "az aks show / az aks list",
  type: "microsoft.containerservice/managedclusters",
  matches: (o) => {
    const f = flat(o);
    return "oidcIssuerProfile" in f || Array.isArray(f["agentPoolProfiles"]);
  },
  read(o, origin) {
    const f = flat(o);
    const bad = lacking(f, "AKS cluster", ["id"]);
    if (bad) return bad;
    const id = str(f, "id")!;
    const oidc = asRecord(f["oidcIssuerProfile"]);
    // The CLI prints issuerUrl; ARM REST (and so `az rest`) says issuerURL.
    const issuer = str(oidc, "issuerUrl") ?? str(oidc, "issuerURL");
    return {
      id,
      name: str(f, "name") ?? lastSegment(id),
      resourceGroup: resourceGroup(f, id),
      oidcIssuerEnabled: oidc["enabled"] === true,
      issuerUrl: issuer || undefined,
      workloadIdentityEnabled: asRecord(asRecord(f["securityProfile"])["workloadIdentity"])["enabled"] === true,
      origin,
    };
  },
};

export const keyVaultShape: Shape<KeyVault> = {
  kind: "keyVault",
  command: "az keyvault show / az keyvault list -g RG",
  type: "microsoft.keyvault/vaults",
  matches: (o) => isRecord(o["properties"]) && ("vaultUri" in o["properties"] || "enableRbacAuthorization" in o["properties"]),
  read(o, origin) {
    const bad = lacking(o, "Key Vault", ["id"]);
    if (bad) return bad;
    const id = str(o, "id")!;
    const name = str(o, "name") ?? lastSegment(id);
    // `az keyvault list` without -g lists vaults through the generic resources API: names
    // only, without the settings the checks need. Reading it as access-policy mode would lie.
    if (!isRecord(o["properties"])) {
      return { unusable: `Key Vault ${name} without its properties (as \`az keyvault list\` prints it without -g); skipped`, severity: "warning" };
    }
    const p = o["properties"];
    return {
      id,
      name,
      resourceGroup: resourceGroup(o, id),
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

/** In recognition order: more specific shapes first (a FIC's fields overlap an identity's). */
export const SHAPES = [
  federatedCredentialShape,
  identityShape,
  roleAssignmentShape,
  roleDefinitionShape,
  clusterShape,
  keyVaultShape,
] as const;

/** Types `az keyvault list` and `az aks` print beside the ones read, which wid has no use for. */
export const IGNORED_TYPES: ReadonlySet<string> = new Set(["microsoft.keyvault/managedhsms"]);

export function recognise(o: Record<string, unknown>): (typeof SHAPES)[number] | undefined {
  const type = typeof o["type"] === "string" ? o["type"].toLowerCase() : undefined;
  if (type !== undefined) {
    const byType = SHAPES.find((s) => s.type === type);
    if (byType) return byType;
  }
  return SHAPES.find((s) => s.matches(o));
}
