/**
 * A scenario describes a whole simulated world: the cluster's objects, the workload identity
 * webhook, the cluster's OIDC issuer, Azure (in the shapes the Azure CLI exports as JSON) and the
 * faults to inject. Scenario files are YAML or JSON with the shape of `ScenarioInput`; loading
 * fills the defaults and yields a `Scenario`.
 *
 * Strings anywhere in a scenario may hold placeholders that are resolved once the issuer listens
 * (its port is only known then):
 * - `{{issuer}}`: the issuer URL exactly as tokens carry it in `iss`;
 * - `{{issuerWithTrailingSlash}}` / `{{issuerWithoutTrailingSlash}}`: the same URL with the trailing
 *   slash forced on or off (to write a FIC that differs from the issuer by its slash alone).
 */

/** Any JSON object: a Kubernetes manifest or an Azure resource with more fields than we name. */
export type JsonObject = Record<string, unknown>;

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

/** metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

// ---------------------------------------------------------------------------------------------
// Cluster

/** One RBAC rule of a simulated user, like a Role/ClusterRole rule bound to that user. */
export interface KubeAccessRule {
  /** Namespaces the rule applies in; omitted: every namespace and the cluster-scoped kinds. */
  namespaces?: string[];
  /** Kubernetes verbs (get, list, watch, create, update, patch, delete, deletecollection) or `*`. */
  verbs: string[];
  /** Plural resource names, with `/subresource` where needed (`pods/log`, `serviceaccounts/token`), or `*`. */
  resources: string[];
}

export interface KubeUser {
  /** User name; the kubeconfig gets a user and a context of this name. */
  name: string;
  /** Bearer token; generated when omitted. */
  token?: string;
  /** The kubeconfig authenticates this user with a client certificate (CN = the name) instead of the token. */
  clientCertificate?: boolean;
  /** Cluster-admin: every verb on everything. */
  admin?: boolean;
  rules?: KubeAccessRule[];
}

/** Log lines served by `pods/log` for pods whose name starts with `podPrefix`. */
export interface PodLogs {
  namespace: string;
  podPrefix: string;
  /** Only this container; omitted: every container of the pod. */
  container?: string;
  /**
   * `unmutated`: only pods the workload identity webhook did not mutate (no
   * AZURE_FEDERATED_TOKEN_FILE), as an Azure SDK logs its fallback to the node's managed identity
   * only there: pods created once the workload is set up right log none of it.
   */
  when?: "unmutated";
  lines: string[];
}

/** How the simulated kubelet runs pods whose name starts with `podPrefix` (default: Running and ready). */
export interface PodState {
  namespace: string;
  podPrefix: string;
  state: "Running" | "CrashLoopBackOff" | "ImagePullBackOff" | "Pending";
}

export interface ClusterSpec {
  /** kubeconfig cluster name, and the AKS cluster it stands for. */
  name: string;
  /** What `/version` reports, e.g. `v1.32.4`. */
  kubernetesVersion: string;
  /** Kubernetes manifests created at start, in order (namespaces are created as needed). */
  objects: JsonObject[];
  /** Users besides `admin`, which always exists. */
  users: KubeUser[];
  logs: PodLogs[];
  podStates: PodState[];
  /** Node names (Linux); one node when empty. */
  nodes: string[];
}

// ---------------------------------------------------------------------------------------------
// Webhook

export interface WebhookSpec {
  installed: boolean;
  /** "1.6": projected token in `azure-workload-identity-reserved-<hash>` at /var/run/secrets/azure/wi;
   *  "1.5": `azure-identity-token` at /var/run/secrets/azure/tokens. */
  version: "1.6" | "1.5";
  /** Installed but not ready: labelled pods are rejected as `failurePolicy: Fail` does. */
  ready: boolean;
  /** aks-addon: objects in kube-system; helm: in azure-workload-identity-system. */
  mode: "aks-addon" | "helm";
  /** The MutatingWebhookConfiguration's namespaceSelector; omitted: every namespace. */
  namespaceSelector?: LabelSelector;
  /** ConfigMap `azure-wi-webhook-config` `AZURE_TENANT_ID`; omitted: the Azure tenant. "" models an empty config. */
  tenantId?: string;
  /** ConfigMap `AZURE_ENVIRONMENT` (cloud name); the authority host injected follows from it. */
  azureEnvironment?: string;
}

// ---------------------------------------------------------------------------------------------
// OIDC issuer

export interface IssuerFaults {
  /** Discovery and JWKS are not served (Entra answers AADSTS90061). */
  unreachable?: boolean;
  /** The JWKS no longer holds the key that signs tokens (signature validation fails). */
  rotatedKeys?: boolean;
}

export interface IssuerSpec {
  /** False models an AKS cluster without the OIDC issuer: tokens carry `https://kubernetes.default.svc.cluster.local`. */
  enabled: boolean;
  /** URL path of the issuer on the fake issuer host, e.g. `/eastus/<tenant>/<guid>`, without trailing slash. */
  path: string;
  /** AKS issuers end with `/`; tokens, discovery `issuer` and `{{issuer}}` follow this. */
  trailingSlash: boolean;
  faults: IssuerFaults;
}

// ---------------------------------------------------------------------------------------------
// Azure, in the shapes of the Azure CLI JSON exports (see reference/azure-shapes.md)

/** `az identity show`. */
export interface AzIdentity extends JsonObject {
  id: string;
  name: string;
  location: string;
  clientId: string;
  principalId: string;
  tenantId: string;
  resourceGroup?: string;
  type?: string;
  tags?: Record<string, string>;
}

/** `az identity federated-credential show`; the parent identity is in `id`. */
export interface AzFederatedCredential extends JsonObject {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  resourceGroup?: string;
  type?: string;
  /** ISO time; `systemData.createdAt` style, for the propagation checks. */
  systemData?: { createdAt?: string; lastModifiedAt?: string } & JsonObject;
}

/** `az role assignment list`. */
export interface AzRoleAssignment extends JsonObject {
  id: string;
  name: string;
  principalId: string;
  principalType?: "ServicePrincipal" | "User" | "Group" | "ForeignGroup" | "Device";
  roleDefinitionId: string;
  roleDefinitionName?: string;
  scope: string;
  createdOn?: string;
  updatedOn?: string;
  condition?: string | null;
  conditionVersion?: string | null;
}

export interface AzPermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/** `az role definition list`. */
export interface AzRoleDefinition extends JsonObject {
  id: string;
  name: string;
  roleName: string;
  roleType?: "BuiltInRole" | "CustomRole";
  description?: string;
  assignableScopes?: string[];
  permissions: AzPermission[];
}

/** `az aks show` (both `issuerUrl`, as the CLI prints it, and REST's `issuerURL` are accepted). */
export interface AzManagedCluster extends JsonObject {
  id: string;
  name: string;
  location: string;
  resourceGroup?: string;
  kubernetesVersion?: string;
  fqdn?: string;
  oidcIssuerProfile?: { enabled: boolean; issuerUrl?: string; issuerURL?: string };
  securityProfile?: { workloadIdentity?: { enabled: boolean } };
}

export interface AzAccessPolicy extends JsonObject {
  tenantId: string;
  objectId: string;
  permissions: { secrets?: string[]; keys?: string[]; certificates?: string[]; storage?: string[] };
}

/** `az keyvault show` (keeps `properties`). */
export interface AzKeyVault extends JsonObject {
  id: string;
  name: string;
  location: string;
  resourceGroup?: string;
  properties: {
    enableRbacAuthorization?: boolean;
    tenantId: string;
    vaultUri?: string;
    accessPolicies?: AzAccessPolicy[];
    sku?: { family: string; name: string };
  } & JsonObject;
}

/** A principal that signs in with a client secret to call ARM (whoever runs wid against the fake). */
export interface AzPrincipal {
  displayName: string;
  clientId: string;
  /** The service principal's object id: what role assignments and faults name. */
  objectId: string;
  clientSecret: string;
}

export interface AzureSpec {
  tenantId: string;
  /** The default subscription (ids in the scenario may name others). */
  subscriptionId: string;
  identities: AzIdentity[];
  federatedCredentials: AzFederatedCredential[];
  roleAssignments: AzRoleAssignment[];
  roleDefinitions: AzRoleDefinition[];
  clusters: AzManagedCluster[];
  keyVaults: AzKeyVault[];
  /** Principals that can sign in with a secret; the first one is what the launcher exports. */
  principals: AzPrincipal[];
}

// ---------------------------------------------------------------------------------------------
// Faults

/** Extra delay per request, in milliseconds, per fake. */
export interface LatencySpec {
  kube?: number;
  arm?: number;
  entra?: number;
  issuer?: number;
}

/** 429 `Retry-After` for the first `requests` ARM requests whose path contains `pathContains` (any when omitted). */
export interface ThrottleFault {
  pathContains?: string;
  requests: number;
  retryAfterSeconds: number;
}

/** 403 `AuthorizationFailed` for this caller (object id or client id) on scopes under `scope` (everything when omitted). */
export interface ForbiddenFault {
  principal: string;
  scope?: string;
  /** Only reads (GET) or only writes (PUT/PATCH/DELETE/POST); both when omitted. */
  access?: "read" | "write";
  /**
   * Only this action (e.g. `Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read`),
   * as a role without it denies it while granting the rest; every action when omitted. Lists still
   * show the resources themselves.
   */
  action?: string;
}

/** ARM answers `status` (500 by default) to the next `requests` requests whose path contains `pathContains` (every path when omitted). */
export interface ServerErrorFault {
  pathContains?: string;
  requests: number;
  status?: 500 | 502 | 503 | 504;
}

export interface AzureFaults {
  throttle?: ThrottleFault[];
  forbidden?: ForbiddenFault[];
  serverErrors?: ServerErrorFault[];
}

/** Requests a kube fault applies to: those whose path (and query) contains `pathContains`, any when omitted. */
export interface KubeFaultMatch {
  pathContains?: string;
  /** How many matching requests it applies to, counting down; every one when omitted. */
  requests?: number;
}

/**
 * Faults of the kube-apiserver, as clients meet them on a busy or failing control plane:
 * priority-and-fairness throttling, server errors, connections that drop, slow answers.
 */
export interface KubeFaults {
  /** 429 `Too many requests, please try again later.` with `Retry-After`, as the max-in-flight and APF filters answer. */
  throttle?: (KubeFaultMatch & { retryAfterSeconds: number })[];
  /** A Status error: 500 InternalError, 503 ServiceUnavailable, 504 Timeout. */
  errors?: (KubeFaultMatch & { status: 500 | 503 | 504 })[];
  /**
   * The connection is closed without an answer: before the request is served, or with
   * `afterServing` once it has been (a write made, its answer lost, as a proxy or a network
   * failure between them leaves it).
   */
  drop?: (KubeFaultMatch & { afterServing?: boolean })[];
  /** The answer waits this long first. */
  slow?: (KubeFaultMatch & { ms: number })[];
}

export interface FaultSpec {
  latency?: LatencySpec;
  azure?: AzureFaults;
  kube?: KubeFaults;
}

// ---------------------------------------------------------------------------------------------

/** A scenario with every default filled. */
export interface Scenario {
  name: string;
  description: string;
  cluster: ClusterSpec;
  webhook: WebhookSpec;
  issuer: IssuerSpec;
  azure: AzureSpec;
  faults: FaultSpec;
}

type DeepPartial<T> = T extends (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What a scenario file holds: every section and field optional. */
export type ScenarioInput = DeepPartial<Scenario> & { name: string };
