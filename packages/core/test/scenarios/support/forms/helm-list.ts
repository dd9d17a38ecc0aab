import { swap, type Form } from "../scenario.js";
import { AzureWorld, identity, issuerOf, OTHER_TENANT, scopes, TENANT } from "../world.js";
import { webhookConfig } from "./platform.js";

const api = identity("id-search-api");
const indexer = identity("id-search-indexer");
const FILE = "search/helm-template-search.yaml";
const PLATFORM = "platform/azure-wi-webhook-config.yaml";
const WEBHOOK_CHART = "azure-workload-identity-system/helm-template-workload-identity-webhook.yaml";

const chartLabels = (component: string, indent: string) =>
  ["helm.sh/chart: search-1.8.0", "app.kubernetes.io/name: search", "app.kubernetes.io/instance: search", `app.kubernetes.io/component: ${component}`, "app.kubernetes.io/managed-by: Helm"]
    .map((l) => `${indent}${l}`)
    .join("\n");

const deployment = (component: string) => `---
# Source: search/templates/${component}-deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: search-${component}
  namespace: search
  labels:
${chartLabels(component, "    ")}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: search
      app.kubernetes.io/instance: search
      app.kubernetes.io/component: ${component}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: search
        app.kubernetes.io/instance: search
        app.kubernetes.io/component: ${component}
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: search-${component}
      containers:
        - name: ${component}
          image: "contoso.azurecr.io/retail/search-${component}:1.8.0"
          imagePullPolicy: IfNotPresent
          env:
            - name: SEARCH_ENDPOINT
              value: "https://srch-retail-prod.search.windows.net"
`;

/** `helm template search ./charts/search -n search`: the ServiceAccounts come as one `kind: List`. */
const searchChart = (): string => `---
# Source: search/templates/serviceaccounts.yaml
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: search-api
      namespace: search
      labels:
${chartLabels("api", "        ")}
      annotations:
        azure.workload.identity/client-id: "${api.clientId}"
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: search-indexer
      namespace: search
      labels:
${chartLabels("indexer", "        ")}
      annotations:
        azure.workload.identity/client-id: "${indexer.clientId}"
${deployment("api")}${deployment("indexer")}`;

/** The webhook installed with its Helm chart instead of the AKS add-on. */
const webhookChart = (): string => `---
# Source: workload-identity-webhook/templates/azure-wi-webhook-admin-serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
    app.kubernetes.io/instance: workload-identity-webhook
    app.kubernetes.io/managed-by: Helm
    app.kubernetes.io/name: workload-identity-webhook
    azure-workload-identity.io/system: "true"
    helm.sh/chart: workload-identity-webhook-1.6.0
  name: azure-wi-webhook-admin
  namespace: azure-workload-identity-system
---
# Source: workload-identity-webhook/templates/azure-wi-webhook-config-configmap.yaml
apiVersion: v1
data:
  AZURE_ENVIRONMENT: AzurePublicCloud
  AZURE_TENANT_ID: ${TENANT}
kind: ConfigMap
metadata:
  labels:
    app.kubernetes.io/instance: workload-identity-webhook
    app.kubernetes.io/managed-by: Helm
    app.kubernetes.io/name: workload-identity-webhook
    azure-workload-identity.io/system: "true"
    helm.sh/chart: workload-identity-webhook-1.6.0
  name: azure-wi-webhook-config
  namespace: azure-workload-identity-system
---
# Source: workload-identity-webhook/templates/azure-wi-webhook-webhook-service-service.yaml
apiVersion: v1
kind: Service
metadata:
  labels:
    app.kubernetes.io/instance: workload-identity-webhook
    app.kubernetes.io/managed-by: Helm
    app.kubernetes.io/name: workload-identity-webhook
    azure-workload-identity.io/system: "true"
    helm.sh/chart: workload-identity-webhook-1.6.0
  name: azure-wi-webhook-webhook-service
  namespace: azure-workload-identity-system
spec:
  ports:
  - port: 443
    targetPort: 9443
  selector:
    app.kubernetes.io/instance: workload-identity-webhook
    app.kubernetes.io/managed-by: Helm
    app.kubernetes.io/name: workload-identity-webhook
    azure-workload-identity.io/system: "true"
    helm.sh/chart: workload-identity-webhook-1.6.0
---
# Source: workload-identity-webhook/templates/azure-wi-webhook-controller-manager-deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/instance: workload-identity-webhook
    app.kubernetes.io/managed-by: Helm
    app.kubernetes.io/name: workload-identity-webhook
    azure-workload-identity.io/system: "true"
    helm.sh/chart: workload-identity-webhook-1.6.0
  name: azure-wi-webhook-controller-manager
  namespace: azure-workload-identity-system
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/instance: workload-identity-webhook
      app.kubernetes.io/managed-by: Helm
      app.kubernetes.io/name: workload-identity-webhook
      azure-workload-identity.io/system: "true"
      helm.sh/chart: workload-identity-webhook-1.6.0
  template:
    metadata:
      labels:
        app.kubernetes.io/instance: workload-identity-webhook
        app.kubernetes.io/managed-by: Helm
        app.kubernetes.io/name: workload-identity-webhook
        azure-workload-identity.io/system: "true"
        helm.sh/chart: workload-identity-webhook-1.6.0
    spec:
      containers:
      - args:
        - --log-level=info
        - --metrics-addr=:8095
        - --metrics-backend=prometheus
        command:
        - /manager
        envFrom:
        - configMapRef:
            name: azure-wi-webhook-config
        image: mcr.microsoft.com/oss/azure/workload-identity/webhook:v1.6.0
        name: manager
        ports:
        - containerPort: 9443
          name: webhook-server
          protocol: TCP
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
      serviceAccountName: azure-wi-webhook-admin
---
# Source: workload-identity-webhook/templates/azure-wi-webhook-mutating-webhook-configuration-mutatingwebhookconfiguration.yaml
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  annotations: {}
  labels:
    app.kubernetes.io/instance: workload-identity-webhook
    app.kubernetes.io/managed-by: Helm
    app.kubernetes.io/name: workload-identity-webhook
    azure-workload-identity.io/system: "true"
    helm.sh/chart: workload-identity-webhook-1.6.0
  name: azure-wi-webhook-mutating-webhook-configuration
webhooks:
- admissionReviewVersions:
  - v1
  - v1beta1
  clientConfig:
    service:
      name: azure-wi-webhook-webhook-service
      namespace: azure-workload-identity-system
      path: /mutate-v1-pod
  failurePolicy: Fail
  matchPolicy: Equivalent
  name: mutation.azure-workload-identity.io
  objectSelector:
    matchLabels:
      azure.workload.identity/use: "true"
  reinvocationPolicy: IfNeeded
  rules:
  - apiGroups:
    - ""
    apiVersions:
    - v1
    operations:
    - CREATE
    resources:
    - pods
  sideEffects: None
`;

const CLUSTER = "cluster-aks-retail-prod-neu.json";

export const helmListForm: Form = {
  title: "Helm output: ServiceAccounts in a kind: List, with # Source: comments",
  manifests: () => ({ [FILE]: searchChart(), [PLATFORM]: webhookConfig() }),
  azure() {
    const w = new AzureWorld();
    w.identities.push(api, indexer);
    w.fic(api, { subject: "system:serviceaccount:search:search-api" });
    w.fic(indexer, { subject: "system:serviceaccount:search:search-indexer" });
    w.grant(api, "Search Index Data Reader", scopes.search("srch-retail-prod"));
    w.grant(indexer, "Search Index Data Reader", scopes.search("srch-retail-prod"));
    return w;
  },
  scenarios: [
    {
      about: ["migrate-pod-identity"],
      mistake: "half-way through the migration from aad-pod-identity: its objects and label are still there",
      manifests: (f) => {
        swap(f, FILE, `        azure.workload.identity/use: "true"\n    spec:\n      serviceAccountName: search-api`, `        azure.workload.identity/use: "true"\n        aadpodidbinding: search-api\n    spec:\n      serviceAccountName: search-api`);
        f[FILE] += `---
# Source: search/templates/aad-pod-identity.yaml
apiVersion: aadpodidentity.k8s.io/v1
kind: AzureIdentity
metadata:
  name: search-api
  namespace: search
spec:
  type: 0
  resourceID: ${api.id}
  clientID: ${api.clientId}
---
# Source: search/templates/aad-pod-identity-binding.yaml
apiVersion: aadpodidentity.k8s.io/v1
kind: AzureIdentityBinding
metadata:
  name: search-api-binding
  namespace: search
spec:
  azureIdentity: search-api
  selector: search-api
`;
      },
      // one finding for the workload: its AzureIdentityBinding and AzureIdentity go with it
      expected: (at) => [at.m("migrate-pod-identity", "Deployment", "search/search-api", FILE, "aadpodidbinding: search-api")],
    },
    {
      about: ["pod-label-value-invalid"],
      mistake: "the chart renders the use label unquoted, a YAML boolean the API server refuses as a label value",
      manifests: (f) => swap(f, FILE, `        azure.workload.identity/use: "true"\n    spec:\n      serviceAccountName: search-indexer`, `        azure.workload.identity/use: true\n    spec:\n      serviceAccountName: search-indexer`),
      expected: (at) => [at.m("pod-label-value-invalid", "Deployment", "search/search-indexer", FILE, "azure.workload.identity/use: true")],
    },
    {
      about: ["cluster-oidc-issuer-disabled"],
      mistake: "the webhook was installed with Helm on a cluster whose OIDC issuer was never enabled",
      manifests: (f) => {
        delete f[PLATFORM];
        f[WEBHOOK_CHART] = webhookChart();
      },
      azure: (w) => {
        w.cluster = { oidcIssuerEnabled: false, issuer: null, workloadIdentityEnabled: false };
      },
      // no FIC finding: without an issuer there is nothing to compare the credentials with
      expected: (at) => [at.a("cluster-oidc-issuer-disabled", "ManagedCluster", CLUSTER)],
    },
    {
      about: ["cluster-workload-identity-disabled"],
      mistake: "the workload identity add-on is off and no webhook was installed",
      manifests: (f) => {
        delete f[PLATFORM];
      },
      azure: (w) => {
        w.cluster.workloadIdentityEnabled = false;
      },
      expected: (at) => [at.a("cluster-workload-identity-disabled", "ManagedCluster", CLUSTER)],
    },
    {
      about: ["cluster-issuer-changed"],
      mistake: "the cluster was rebuilt: every federated credential trusts the old issuer",
      azure: (w) => {
        w.cluster.issuer = issuerOf("aks-retail-prod-neu-rebuilt");
      },
      // one finding for the cause, carrying a fix per credential; fic-issuer-mismatch stays quiet
      expected: (at) => [at.a("cluster-issuer-changed", "ManagedCluster", CLUSTER)],
    },
    {
      about: ["webhook-tenant-config"],
      mistake: "the webhook's default tenant is the development tenant",
      manifests: (f) => {
        f[PLATFORM] = webhookConfig(OTHER_TENANT);
      },
      // every ServiceAccount without a tenant-id annotation gets the wrong tenant: one finding, on the ConfigMap
      expected: (at) => [at.m("webhook-tenant-config", "ConfigMap", "kube-system/azure-wi-webhook-config", PLATFORM, "AZURE_TENANT_ID")],
    },
  ],
};
