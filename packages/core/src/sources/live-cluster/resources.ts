/** A kind of object the live source lists. */
export interface ResourceSpec {
  kind: string;
  group: string;
  /** Served versions to try in order: a custom resource may serve only an older one. */
  versions: readonly string[];
  plural: string;
  namespaced: boolean;
  /** A custom resource whose definition may not be installed: not served means none, not a gap. */
  optional?: boolean;
}

/** `plural` or `plural.group`: how RBAC and `kubectl auth can-i` name it. */
export function resourceName(r: Pick<ResourceSpec, "plural" | "group">): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

export function apiVersionOf(r: Pick<ResourceSpec, "group">, version: string): string {
  return r.group ? `${r.group}/${version}` : version;
}

/** The path of a resource's collection, in a namespace or cluster-wide. */
export function collectionPath(r: ResourceSpec, version: string, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${version}` : `/api/${version}`;
  return namespace !== undefined && r.namespaced ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

const core = (kind: string, plural: string, namespaced = true): ResourceSpec => ({ kind, group: "", versions: ["v1"], plural, namespaced });

export const NAMESPACES = core("Namespace", "namespaces", false);
export const PODS = core("Pod", "pods");
export const SERVICE_ACCOUNTS = core("ServiceAccount", "serviceaccounts");
export const EVENTS = core("Event", "events");
export const SERVICES = core("Service", "services");
export const CONFIG_MAPS = core("ConfigMap", "configmaps");
export const SECRETS = core("Secret", "secrets");
export const DEPLOYMENTS: ResourceSpec = { kind: "Deployment", group: "apps", versions: ["v1"], plural: "deployments", namespaced: true };
export const ENDPOINT_SLICES: ResourceSpec = { kind: "EndpointSlice", group: "discovery.k8s.io", versions: ["v1"], plural: "endpointslices", namespaced: true };
export const MUTATING_WEBHOOKS: ResourceSpec = { kind: "MutatingWebhookConfiguration", group: "admissionregistration.k8s.io", versions: ["v1"], plural: "mutatingwebhookconfigurations", namespaced: false };

/** Cluster-scoped kinds the checks read. */
export const CLUSTER_RESOURCES: readonly ResourceSpec[] = [
  MUTATING_WEBHOOKS,
  { kind: "CSIDriver", group: "storage.k8s.io", versions: ["v1"], plural: "csidrivers", namespaced: false },
];

/**
 * Namespaced kinds the checks read, ServiceAccounts first: a namespace whose ServiceAccounts
 * cannot be listed is not read further (the identity chain starts there). ReplicaSets are left
 * out: a pod names its Deployment through its ReplicaSet's name and its `pod-template-hash`.
 */
export const NAMESPACED_RESOURCES: readonly ResourceSpec[] = [
  SERVICE_ACCOUNTS,
  PODS,
  DEPLOYMENTS,
  { kind: "StatefulSet", group: "apps", versions: ["v1"], plural: "statefulsets", namespaced: true },
  { kind: "DaemonSet", group: "apps", versions: ["v1"], plural: "daemonsets", namespaced: true },
  { kind: "Job", group: "batch", versions: ["v1"], plural: "jobs", namespaced: true },
  { kind: "CronJob", group: "batch", versions: ["v1"], plural: "cronjobs", namespaced: true },
  SERVICES,
  CONFIG_MAPS,
  SECRETS,
  { kind: "SecretProviderClass", group: "secrets-store.csi.x-k8s.io", versions: ["v1", "v1alpha1"], plural: "secretproviderclasses", namespaced: true, optional: true },
  { kind: "AzureIdentity", group: "aadpodidentity.k8s.io", versions: ["v1"], plural: "azureidentities", namespaced: true, optional: true },
  { kind: "AzureIdentityBinding", group: "aadpodidentity.k8s.io", versions: ["v1"], plural: "azureidentitybindings", namespaced: true, optional: true },
];
