import fc from "fast-check";
import { stringify } from "yaml";
import { WI } from "@wid/core";

/**
 * Generators of manifests and Azure CLI exports that look like the real thing, share names and
 * ids (so that checks find chains to follow), and are sprinkled with the wrong types and
 * values users actually write.
 */

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
const ISSUER = `https://westeurope.oic.prod-aks.azure.com/${TENANT}/5d8e4c2a-3b1f-4f7e-9a55-0c6e1d2b7a90/`;

/** A small pool of identities, so that annotations, FICs and role assignments refer to each other. */
export const IDENTITIES = Array.from({ length: 4 }, (_, i) => ({
  name: `id-${i}`,
  clientId: `${i}c2f9a51-7d4e-4b8a-9f61-2a0e5c7b1d93`,
  principalId: `${i}e0d4b7a-12c3-4f5e-a6b7-c8d9e0f1a2b3`,
}));

const NAMESPACES = ["prod", "default", "kube-system", "azure-workload-identity-system", "team-a", ""];
const NAMES = ["app", "web", "default", "worker", "App", "azure-wi-webhook-controller-manager", "azure-wi-webhook-webhook-service", "azure-wi-webhook-mutating-webhook-configuration", "azure-wi-webhook-config", "kv-0"];

/** Values of the wrong type or shape, as they turn up in hand-written YAML. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(""),
  fc.string({ maxLength: 8 }),
  fc.constant("x".repeat(300)),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
);

/** Mostly `arb`, sometimes a value of the wrong kind. */
function sometimes<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: arb, weight: 8 }, { arbitrary: weird, weight: 1 });
}

const guidLike = fc.oneof(
  fc.constantFrom(...IDENTITIES.map((i) => i.clientId), ...IDENTITIES.map((i) => i.principalId), TENANT, IDENTITIES[0]!.clientId.toUpperCase()),
  fc.uuid().map(String),
  fc.constantFrom("", " ", "<client-id>", "${CLIENT_ID}", "00000000-0000-0000-0000-000000000000"),
);

const wiAnnotationKey = fc.oneof(
  fc.constantFrom(WI.clientIdAnnotation, WI.tenantIdAnnotation, WI.tokenExpirationAnnotation, WI.skipContainersAnnotation, WI.injectProxySidecarAnnotation, WI.proxySidecarPortAnnotation),
  fc.constantFrom("azure.workload.identity/client_id", "azure.workload.identity/clientId", "azure.workload.identities/client-id", "azure.workload.identity/use", "aadpodidbinding"),
);

const annotationValue = fc.oneof(guidLike, fc.constantFrom("true", "false", "3600", "86400", "100", "abc", "8000", "99999", "app;sidecar", "app,sidecar", ""), weird);
const annotations = fc.dictionary(wiAnnotationKey, annotationValue, { maxKeys: 4 });
const labels = fc.dictionary(
  fc.constantFrom(WI.useLabel, "app", "aadpodidbinding", "azure-workload-identity.io/system", "kubernetes.io/metadata.name"),
  fc.oneof(fc.constantFrom("true", "True", "false", "yes", "", "web"), weird),
  { maxKeys: 3 },
);

const env = fc.array(
  fc.record({
    name: sometimes(fc.constantFrom(WI.env.clientId, WI.env.tenantId, WI.env.tokenFile, WI.env.authorityHost, "OTHER")),
    value: sometimes(fc.oneof(guidLike, fc.constantFrom(WI.tokenFileV16, WI.tokenFileLegacy, WI.defaultSaTokenPath, "https://login.microsoftonline.com/"))),
  }),
  { maxLength: 3 },
);

const container = fc.record(
  {
    name: sometimes(fc.constantFrom("app", "sidecar", "istio-proxy", "")),
    image: fc.constant("contoso.azurecr.io/app:1.0"),
    env: sometimes(env),
    ports: sometimes(fc.array(fc.record({ containerPort: sometimes(fc.constantFrom(8000, 8080, 443)) }), { maxLength: 2 })),
    volumeMounts: sometimes(fc.array(fc.record({ name: fc.constantFrom("token", "azure-identity-token"), mountPath: fc.constantFrom(WI.tokenMountV16, WI.tokenMountLegacy, "/var/run/secrets/kubernetes.io/serviceaccount") }), { maxLength: 2 })),
  },
  { requiredKeys: ["name"] },
);

const podSpec = fc.record(
  {
    serviceAccountName: sometimes(fc.constantFrom(...NAMES)),
    serviceAccount: fc.constantFrom(...NAMES),
    containers: sometimes(fc.array(container, { maxLength: 3 })),
    initContainers: fc.array(container, { maxLength: 1 }),
    hostNetwork: sometimes(fc.boolean()),
    nodeSelector: sometimes(fc.constantFrom({ "kubernetes.io/os": "windows" }, { "kubernetes.io/os": "linux" })),
    os: sometimes(fc.record({ name: fc.constantFrom("windows", "linux") })),
    volumes: sometimes(fc.array(fc.record({ name: fc.constant("secrets"), csi: fc.record({ driver: fc.constant("secrets-store.csi.k8s.io"), volumeAttributes: fc.record({ secretProviderClass: fc.constantFrom(...NAMES) }) }) }), { maxLength: 1 })),
  },
  { requiredKeys: [] },
);

const metadata = fc.record(
  {
    name: sometimes(fc.constantFrom(...NAMES)),
    namespace: sometimes(fc.constantFrom(...NAMESPACES)),
    labels: sometimes(labels),
    annotations: sometimes(annotations),
    generateName: fc.constant("gen-"),
  },
  { requiredKeys: [] },
);

const podTemplate = fc.record({ metadata: sometimes(metadata), spec: sometimes(podSpec) }, { requiredKeys: [] });

const selector = fc.record({ matchLabels: sometimes(labels) }, { requiredKeys: [] });

function workload(kind: string, apiVersion: string): fc.Arbitrary<Record<string, unknown>> {
  if (kind === "Pod") return fc.record({ apiVersion: fc.constant(apiVersion), kind: fc.constant(kind), metadata: sometimes(metadata), spec: sometimes(podSpec) }, { requiredKeys: ["apiVersion", "kind"] });
  const spec: fc.Arbitrary<Record<string, unknown>> =
    kind === "CronJob"
      ? fc.record({ schedule: fc.constant("*/5 * * * *"), jobTemplate: sometimes(fc.record({ metadata: sometimes(metadata), spec: sometimes(fc.record({ template: sometimes(podTemplate) })) })) })
      : fc.record({ selector: sometimes(selector), template: sometimes(podTemplate) }, { requiredKeys: [] });
  return fc.record({ apiVersion: fc.constant(apiVersion), kind: fc.constant(kind), metadata: sometimes(metadata), spec: sometimes(spec) }, { requiredKeys: ["apiVersion", "kind"] });
}

const simple = (kind: string, apiVersion: string, rest: Record<string, fc.Arbitrary<unknown>> = {}) =>
  fc.record({ apiVersion: fc.constant(apiVersion), kind: fc.constant(kind), metadata: sometimes(metadata), ...rest }, { requiredKeys: ["apiVersion", "kind"] });

/** One Kubernetes object of a kind wid reads (or sometimes not), with realistic and odd fields. */
export const kubeObject: fc.Arbitrary<unknown> = fc.oneof(
  workload("Deployment", "apps/v1"),
  workload("StatefulSet", "apps/v1"),
  workload("DaemonSet", "apps/v1"),
  workload("ReplicaSet", "apps/v1"),
  workload("Job", "batch/v1"),
  workload("CronJob", "batch/v1"),
  workload("Pod", "v1"),
  simple("ServiceAccount", "v1", { automountServiceAccountToken: sometimes(fc.boolean()) }),
  simple("Namespace", "v1"),
  simple("Service", "v1", { spec: sometimes(fc.record({ selector: sometimes(labels) })) }),
  simple("ConfigMap", "v1", { data: sometimes(fc.record({ AZURE_TENANT_ID: sometimes(guidLike), AZURE_ENVIRONMENT: fc.constant("AzurePublicCloud") }, { requiredKeys: [] })) }),
  simple("SecretProviderClass", "secrets-store.csi.x-k8s.io/v1", {
    spec: sometimes(fc.record({ provider: fc.constant("azure"), parameters: sometimes(fc.record({ clientID: sometimes(guidLike), tenantId: sometimes(guidLike), keyvaultName: sometimes(fc.constantFrom("kv-0", "kv-1", "")), usePodIdentity: fc.constant("false") }, { requiredKeys: [] })) })),
  }),
  simple("MutatingWebhookConfiguration", "admissionregistration.k8s.io/v1", {
    webhooks: sometimes(fc.array(fc.record({ name: fc.constantFrom(WI.mutatingWebhookName, "other.example.com"), failurePolicy: fc.constantFrom("Fail", "Ignore"), namespaceSelector: sometimes(selector), objectSelector: sometimes(selector) }), { maxLength: 2 })),
  }),
  simple("AzureIdentity", "aadpodidentity.k8s.io/v1", { spec: sometimes(fc.record({ type: fc.constantFrom(0, 1), resourceID: fc.constant(`/subscriptions/${SUB}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-0`), clientID: sometimes(guidLike) })) }),
  simple("AzureIdentityBinding", "aadpodidentity.k8s.io/v1", { spec: sometimes(fc.record({ azureIdentity: fc.constantFrom(...NAMES), selector: fc.constantFrom(...NAMES) })) }),
  simple("Secret", "v1", { stringData: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }) }),
  weird,
);

/** A manifest file: objects as a YAML stream (sometimes Helm-rendered), a List, or JSON. */
export const manifestText: fc.Arbitrary<string> = fc
  .tuple(fc.array(kubeObject, { minLength: 0, maxLength: 6 }), fc.constantFrom("stream", "helm", "list", "json", "json-list"))
  .map(([objects, style]) => {
    switch (style) {
      case "stream":
        return objects.map((o) => stringify(o)).join("---\n");
      case "helm":
        return objects.map((o, i) => `---\n# Source: chart/templates/t${i}.yaml\n${stringify(o)}`).join("");
      case "list":
        return stringify({ apiVersion: "v1", kind: "List", items: objects });
      case "json":
        return JSON.stringify(objects[0] ?? {}, null, 2);
      default:
        return JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }, null, "\t");
    }
  });

const identityExport = fc.record({
  clientId: sometimes(fc.constantFrom(...IDENTITIES.map((i) => i.clientId))),
  id: sometimes(fc.constantFrom(...IDENTITIES.map((i) => `/subscriptions/${SUB}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${i.name}`))),
  location: fc.constant("westeurope"),
  name: sometimes(fc.constantFrom(...IDENTITIES.map((i) => i.name))),
  principalId: sometimes(fc.constantFrom(...IDENTITIES.map((i) => i.principalId))),
  resourceGroup: fc.constant("rg"),
  tenantId: sometimes(fc.constantFrom(TENANT, "11111111-2222-3333-4444-555555555555")),
  type: sometimes(fc.constant("Microsoft.ManagedIdentity/userAssignedIdentities")),
});

const ficExport = fc.record({
  audiences: sometimes(fc.array(fc.constantFrom(WI.audience, "api://AzureADTokenExchange/", "other"), { maxLength: 2 })),
  id: sometimes(
    fc.tuple(fc.constantFrom(...IDENTITIES.map((i) => i.name)), fc.integer({ min: 0, max: 30 })).map(([n, k]) => `/subscriptions/${SUB}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${n}/federatedIdentityCredentials/f${k}`),
  ),
  issuer: sometimes(fc.constantFrom(ISSUER, ISSUER.slice(0, -1), "https://kubernetes.default.svc.cluster.local")),
  name: fc.string({ maxLength: 6 }),
  subject: sometimes(fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom(...NAMES)).map(([ns, sa]) => `system:serviceaccount:${ns}:${sa}`)),
  systemData: sometimes(fc.record({ createdAt: fc.constantFrom("2026-02-27T09:41:12Z", "2020-01-01T00:00:00Z", "not a date") })),
  type: sometimes(fc.constant("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials")),
});

const roleAssignmentExport = fc.record({
  id: fc.uuid().map((u) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/${u}`),
  principalId: sometimes(fc.constantFrom(...IDENTITIES.map((i) => i.principalId), ...IDENTITIES.map((i) => i.clientId))),
  principalType: fc.constantFrom("ServicePrincipal", "User"),
  roleDefinitionId: sometimes(fc.constantFrom("4633458b-17de-408a-b874-0445c86b69e6", "acdd72a7-3385-48ef-bd42-f606fba81ae7", "ffffffff-0000-0000-0000-000000000000").map((g) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${g}`)),
  roleDefinitionName: fc.constantFrom("Key Vault Secrets User", "Reader"),
  scope: sometimes(fc.constantFrom(`/subscriptions/${SUB}`, `/subscriptions/${SUB}/resourceGroups/rg`, `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-0`, "/")),
  createdOn: sometimes(fc.constantFrom("2026-02-27T09:44:03.000000+00:00", "2020-01-01T00:00:00Z")),
  type: sometimes(fc.constant("Microsoft.Authorization/roleAssignments")),
});

const clusterExport = fc.record({
  id: fc.constant(`/subscriptions/${SUB}/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`),
  name: fc.constantFrom("aks", "aks-2"),
  oidcIssuerProfile: sometimes(fc.record({ enabled: sometimes(fc.boolean()), issuerUrl: sometimes(fc.constantFrom(ISSUER, "")) }, { requiredKeys: [] })),
  securityProfile: sometimes(fc.record({ workloadIdentity: sometimes(fc.record({ enabled: sometimes(fc.boolean()) })) })),
  type: fc.constant("Microsoft.ContainerService/ManagedClusters"),
});

const keyVaultExport = fc.record({
  id: fc.constantFrom("kv-0", "kv-1").map((n) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${n}`),
  name: fc.constantFrom("kv-0", "kv-1"),
  properties: sometimes(
    fc.record({
      enableRbacAuthorization: sometimes(fc.boolean()),
      tenantId: fc.constant(TENANT),
      vaultUri: fc.constant("https://kv-0.vault.azure.net/"),
      accessPolicies: sometimes(fc.array(fc.record({ objectId: sometimes(fc.constantFrom(...IDENTITIES.map((i) => i.principalId))), tenantId: fc.constant(TENANT), permissions: sometimes(fc.record({ secrets: fc.constantFrom(["get"], []) })) }), { maxLength: 2 })),
    }),
  ),
  type: fc.constant("Microsoft.KeyVault/vaults"),
});

const azureElement = fc.oneof(identityExport, ficExport, roleAssignmentExport, clusterExport, keyVaultExport, weird);

/** An Azure CLI export file: an array, one object, or an ARM list page. */
export const azureText: fc.Arbitrary<string> = fc
  .tuple(fc.array(azureElement, { maxLength: 6 }), fc.constantFrom("array", "single", "page"), fc.boolean())
  .map(([elements, style, pretty]) => {
    const value = style === "array" ? elements : style === "page" ? { value: elements, nextLink: null } : (elements[0] ?? {});
    return JSON.stringify(value, null, pretty ? 2 : undefined);
  });

/** Fragments that break YAML and JSON in the ways real files break. */
const FRAGMENTS = ["{", "}", "[", "]", ": ", "- ", "---\n", "...\n", "\t", "&a ", "*a", "<<: *a\n", "? ", "|\n", ">-\n", "'", '"', "#", "!!binary ", "!custom ", "%YAML 1.1\n", "{{ .Values.x }}", "\u00e9", "\u0000", "\r\n", "\n  ", ",", "null", "~", "*", "&", "@", "`"];

/** A text with a few edits: deletions, insertions of breaking fragments, truncation, repeated lines. */
export function mutated(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.tuple(fc.constant("insert" as const), fc.nat(), fc.constantFrom(...FRAGMENTS)),
    fc.tuple(fc.constant("delete" as const), fc.nat(), fc.integer({ min: 1, max: 12 })),
    fc.tuple(fc.constant("truncate" as const), fc.nat(), fc.constant(0)),
    fc.tuple(fc.constant("repeat-line" as const), fc.nat(), fc.integer({ min: 1, max: 3 })),
  );
  return fc.tuple(text, fc.array(edit, { maxLength: 4 })).map(([t, edits]) => {
    let s = t;
    for (const [op, where, arg] of edits) {
      const at = s.length === 0 ? 0 : where % (s.length + 1);
      if (op === "insert") s = s.slice(0, at) + arg + s.slice(at);
      else if (op === "delete") s = s.slice(0, at) + s.slice(at + arg);
      else if (op === "truncate") s = s.slice(0, at);
      else {
        const lines = s.split("\n");
        const i = lines.length === 0 ? 0 : where % lines.length;
        lines.splice(i, 0, ...Array(arg).fill(lines[i] ?? ""));
        s = lines.join("\n");
      }
    }
    return s;
  });
}

/**
 * A whole chain that mostly holds together: a labelled workload, its ServiceAccount annotated
 * with an identity's client id, the identity, its federated credentials, role assignments, the
 * cluster and a Key Vault named by a SecretProviderClass. Each link may be broken in one of the
 * ways users break it, so that checks get past their first conditions.
 */
export const scenario: fc.Arbitrary<{ manifests: Record<string, string>; azure: Record<string, string> }> = fc
  .record({
    ns: fc.constantFrom("prod", "team-a", "kube-system"),
    sa: fc.constantFrom("app", "worker"),
    identity: fc.constantFrom(...IDENTITIES),
    kind: fc.constantFrom("Deployment", "StatefulSet", "Job", "CronJob", "Pod"),
    label: fc.constantFrom<unknown>("true", "true", "true", true, "True", "false", undefined),
    labelOnController: fc.boolean(),
    clientId: fc.constantFrom("client", "client", "principal", "unknown", "empty", "missing", "not-guid"),
    tenant: fc.constantFrom<string | undefined>(undefined, undefined, TENANT, "11111111-2222-3333-4444-555555555555", ""),
    saExists: fc.constantFrom(true, true, true, false),
    saNameInPod: fc.constantFrom("same", "same", "same", "default", "typo"),
    subject: fc.constantFrom("exact", "exact", "upper", "other-ns", "serviceaccounts", "trailing-space", "none"),
    issuer: fc.constantFrom("exact", "exact", "no-slash", "other"),
    audience: fc.constantFrom([WI.audience], [WI.audience], ["api://AzureADTokenExchange/"], []),
    fics: fc.integer({ min: 1, max: 21 }),
    createdMinutesAgo: fc.constantFrom(1, 3, 600, 100_000),
    assignment: fc.constantFrom("vault", "rg", "sub", "client-id", "none", "other-role"),
    rbacVault: fc.boolean(),
    spcClientId: fc.constantFrom("same", "same", "other"),
    oidc: fc.constantFrom(true, true, false),
    wi: fc.constantFrom(true, true, false),
    webhookConfig: fc.boolean(),
    tokenExpiration: fc.constantFrom<string | undefined>(undefined, undefined, "3600", "100", "abc"),
    env: fc.constantFrom<Record<string, string> | undefined>(undefined, undefined, { AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000000" }, { AZURE_FEDERATED_TOKEN_FILE: WI.tokenFileLegacy }),
    style: fc.constantFrom("stream", "list", "json"),
  })
  .map((s) => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    const id = s.identity;
    const identityId = `/subscriptions/${SUB}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${id.name}`;
    const clientId = { client: id.clientId, principal: id.principalId, unknown: "99999999-9999-4999-8999-999999999999", empty: "", missing: undefined, "not-guid": "my-identity" }[s.clientId];
    const saAnnotations: Record<string, string> = {};
    if (clientId !== undefined) saAnnotations[WI.clientIdAnnotation] = clientId;
    if (s.tenant !== undefined) saAnnotations[WI.tenantIdAnnotation] = s.tenant;
    if (s.tokenExpiration !== undefined) saAnnotations[WI.tokenExpirationAnnotation] = s.tokenExpiration;
    const podLabels = s.label === undefined || s.labelOnController ? {} : { [WI.useLabel]: s.label };
    const saName = { same: s.sa, default: undefined, typo: `${s.sa}s` }[s.saNameInPod];
    const podSpec = {
      ...(saName ? { serviceAccountName: saName } : {}),
      containers: [{ name: "app", image: "contoso.azurecr.io/app:1", ...(s.env ? { env: Object.entries(s.env).map(([name, value]) => ({ name, value })) } : {}), volumeMounts: [{ name: "secrets", mountPath: "/mnt/secrets" }] }],
      volumes: [{ name: "secrets", csi: { driver: "secrets-store.csi.k8s.io", volumeAttributes: { secretProviderClass: "vault" } } }],
    };
    const template = { metadata: { labels: podLabels }, spec: podSpec };
    const controllerLabels = s.labelOnController && s.label !== undefined ? { [WI.useLabel]: s.label } : {};
    const meta = { name: "web", namespace: s.ns, labels: controllerLabels };
    const workload =
      s.kind === "Pod"
        ? { apiVersion: "v1", kind: "Pod", metadata: { ...meta, labels: { ...controllerLabels, ...podLabels } }, spec: podSpec }
        : s.kind === "CronJob"
          ? { apiVersion: "batch/v1", kind: "CronJob", metadata: meta, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template } } } }
          : { apiVersion: s.kind === "Job" ? "batch/v1" : "apps/v1", kind: s.kind, metadata: meta, spec: { selector: { matchLabels: { app: "web" } }, template } };
    const objects: unknown[] = [workload];
    if (s.saExists) objects.push({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: s.sa, namespace: s.ns, annotations: saAnnotations } });
    objects.push({
      apiVersion: "secrets-store.csi.x-k8s.io/v1",
      kind: "SecretProviderClass",
      metadata: { name: "vault", namespace: s.ns },
      spec: { provider: "azure", parameters: { clientID: s.spcClientId === "same" ? (clientId ?? "") : IDENTITIES[3]!.clientId, keyvaultName: "kv-0", tenantId: TENANT } },
    });
    if (s.webhookConfig) objects.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: WI.webhookConfigMap, namespace: "kube-system" }, data: { AZURE_TENANT_ID: TENANT } });
    const manifests =
      s.style === "stream" ? objects.map((o) => stringify(o)).join("---\n") : s.style === "list" ? stringify({ apiVersion: "v1", kind: "List", items: objects }) : JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }, null, 2);

    const subject = {
      exact: `system:serviceaccount:${s.ns}:${s.sa}`,
      upper: `system:serviceaccount:${s.ns}:${s.sa.toUpperCase()}`,
      "other-ns": `system:serviceaccount:default:${s.sa}`,
      serviceaccounts: `system:serviceaccounts:${s.ns}:${s.sa}`,
      "trailing-space": `system:serviceaccount:${s.ns}:${s.sa} `,
      none: `system:serviceaccount:elsewhere:nobody`,
    }[s.subject];
    const issuer = { exact: ISSUER, "no-slash": ISSUER.slice(0, -1), other: "https://eastus.oic.prod-aks.azure.com/t/c/" }[s.issuer];
    const fics = Array.from({ length: s.fics }, (_, i) => ({
      audiences: s.audience,
      id: `${identityId}/federatedIdentityCredentials/fic-${i}`,
      issuer,
      name: `fic-${i}`,
      resourceGroup: "rg",
      subject: i === 0 ? subject : `system:serviceaccount:other:sa-${i}`,
      systemData: { createdAt: new Date(now - s.createdMinutesAgo * 60_000).toISOString() },
      type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
    }));
    const vaultId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-0`;
    const scope = { vault: vaultId, rg: `/subscriptions/${SUB}/resourceGroups/rg`, sub: `/subscriptions/${SUB}`, "client-id": vaultId, none: "", "other-role": vaultId }[s.assignment];
    const assignments =
      s.assignment === "none"
        ? []
        : [
            {
              id: `${scope}/providers/Microsoft.Authorization/roleAssignments/a1`,
              name: "a1",
              principalId: s.assignment === "client-id" ? id.clientId : id.principalId,
              principalType: "ServicePrincipal",
              roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${s.assignment === "other-role" ? "acdd72a7-3385-48ef-bd42-f606fba81ae7" : "4633458b-17de-408a-b874-0445c86b69e6"}`,
              scope,
              createdOn: new Date(now - s.createdMinutesAgo * 60_000).toISOString(),
              type: "Microsoft.Authorization/roleAssignments",
            },
          ];
    const azure = {
      "identities.json": JSON.stringify(IDENTITIES.map((i) => ({ clientId: i.clientId, id: `/subscriptions/${SUB}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${i.name}`, name: i.name, principalId: i.principalId, resourceGroup: "rg", tenantId: TENANT, type: "Microsoft.ManagedIdentity/userAssignedIdentities" })), null, 2),
      "fics.json": JSON.stringify(fics, null, 2),
      "role-assignments.json": JSON.stringify(assignments, null, 2),
      "aks.json": JSON.stringify({ id: `/subscriptions/${SUB}/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`, name: "aks", oidcIssuerProfile: { enabled: s.oidc, issuerUrl: s.oidc ? ISSUER : null }, securityProfile: { workloadIdentity: { enabled: s.wi } }, type: "Microsoft.ContainerService/ManagedClusters" }, null, 2),
      "keyvaults.json": JSON.stringify([{ id: vaultId, name: "kv-0", properties: { enableRbacAuthorization: s.rbacVault, tenantId: TENANT, vaultUri: "https://kv-0.vault.azure.net/", accessPolicies: [] }, type: "Microsoft.KeyVault/vaults" }], null, 2),
    };
    return { manifests: { "app.yaml": manifests }, azure };
  });
