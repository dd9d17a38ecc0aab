/** One REST resource the fake apiserver serves, as discovery describes it. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames?: string[];
  categories?: string[];
  namespaced: boolean;
  verbs: string[];
  /** Subresources served under `{plural}/{sub}` with their verbs. */
  subresources?: Record<string, string[]>;
  /** Create-only virtual resources (reviews): nothing is stored. */
  virtual?: boolean;
}

const rw = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const createOnly = ["create"];
/** The verbs the apiextensions discovery controller lists for a custom resource, in its order. */
const crdVerbs = ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"];

function t(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced, verbs: rw, ...extra };
}

/** The built-in kinds: what wid reads or writes, plus what a typical manifest next to them holds. */
export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  t("", "v1", "Namespace", "namespaces", false, { shortNames: ["ns"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] }),
  t("", "v1", "Pod", "pods", true, {
    shortNames: ["po"],
    categories: ["all"],
    subresources: { log: ["get"], status: ["get", "patch", "update"] },
  }),
  t("", "v1", "ServiceAccount", "serviceaccounts", true, { shortNames: ["sa"], subresources: { token: ["create"] } }),
  t("", "v1", "ConfigMap", "configmaps", true, { shortNames: ["cm"] }),
  t("", "v1", "Secret", "secrets", true),
  t("", "v1", "Service", "services", true, { shortNames: ["svc"], categories: ["all"], verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] }),
  t("", "v1", "Endpoints", "endpoints", true, { shortNames: ["ep"], singular: "endpoints" }),
  t("", "v1", "Event", "events", true, { shortNames: ["ev"] }),
  t("", "v1", "Node", "nodes", false, { shortNames: ["no"] }),
  t("apps", "v1", "Deployment", "deployments", true, {
    shortNames: ["deploy"],
    categories: ["all"],
    subresources: { status: ["get", "patch", "update"], scale: ["get", "patch", "update"] },
  }),
  t("apps", "v1", "ReplicaSet", "replicasets", true, {
    shortNames: ["rs"],
    categories: ["all"],
    subresources: { status: ["get", "patch", "update"], scale: ["get", "patch", "update"] },
  }),
  t("apps", "v1", "StatefulSet", "statefulsets", true, {
    shortNames: ["sts"],
    categories: ["all"],
    subresources: { status: ["get", "patch", "update"], scale: ["get", "patch", "update"] },
  }),
  t("apps", "v1", "DaemonSet", "daemonsets", true, { shortNames: ["ds"], categories: ["all"], subresources: { status: ["get", "patch", "update"] } }),
  t("batch", "v1", "Job", "jobs", true, { categories: ["all"], subresources: { status: ["get", "patch", "update"] } }),
  t("batch", "v1", "CronJob", "cronjobs", true, { shortNames: ["cj"], categories: ["all"], subresources: { status: ["get", "patch", "update"] } }),
  t("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
  t("storage.k8s.io", "v1", "CSIDriver", "csidrivers", false),
  t("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  t("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  t("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  t("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  t("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
  t("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false),
  t("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, {
    shortNames: ["crd", "crds"],
    categories: ["api-extensions"],
    subresources: { status: ["get", "patch", "update"] },
  }),
  t("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, { verbs: createOnly, virtual: true }),
  t("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false, { verbs: createOnly, virtual: true }),
  t("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", false, { verbs: createOnly, virtual: true }),
];

/** The order kubectl sees groups in discovery, as a real apiserver lists them (core first). */
export const GROUP_ORDER = [
  "",
  "apiregistration.k8s.io",
  "apps",
  "events.k8s.io",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "networking.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "flowcontrol.apiserver.k8s.io",
];

/** A CustomResourceDefinition's served versions as resource types (the CRD must be Established). */
export function resourcesFromCrd(crd: Record<string, unknown>): ResourceType[] {
  const spec = (crd["spec"] ?? {}) as Record<string, unknown>;
  const names = (spec["names"] ?? {}) as Record<string, unknown>;
  const group = typeof spec["group"] === "string" ? spec["group"] : "";
  const kind = typeof names["kind"] === "string" ? names["kind"] : "";
  const plural = typeof names["plural"] === "string" ? names["plural"] : "";
  if (!group || !kind || !plural) return [];
  const versions = Array.isArray(spec["versions"]) ? (spec["versions"] as Record<string, unknown>[]) : [];
  const out: ResourceType[] = [];
  for (const v of versions) {
    if (v["served"] === false || typeof v["name"] !== "string") continue;
    const subs = (v["subresources"] ?? {}) as Record<string, unknown>;
    const subresources: Record<string, string[]> = {};
    if (subs["status"]) subresources["status"] = ["get", "patch", "update"];
    out.push({
      group,
      version: v["name"],
      kind,
      plural,
      singular: typeof names["singular"] === "string" ? names["singular"] : kind.toLowerCase(),
      shortNames: Array.isArray(names["shortNames"]) ? (names["shortNames"] as string[]) : undefined,
      categories: Array.isArray(names["categories"]) ? (names["categories"] as string[]) : undefined,
      namespaced: spec["scope"] !== "Cluster",
      verbs: crdVerbs,
      subresources,
    });
  }
  return out;
}

export function groupVersion(r: Pick<ResourceType, "group" | "version">): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `pods`, `deployments.apps`: how Status messages name a resource. */
export function qualifiedResource(r: Pick<ResourceType, "group" | "plural">): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}
