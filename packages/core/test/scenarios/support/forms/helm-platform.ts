import { externalDnsChart, externalDnsSecret } from "../../../helpers/charts.js";
import { swap, type Form } from "../scenario.js";
import { AzureWorld, guid, identity, scopes, SUBSCRIPTION, TENANT } from "../world.js";

// Platform tools as `helm template` renders their charts (read from each chart's templates): the
// workload identity webhook 1.6.0, the CSIDriver of the Azure Key Vault provider's chart 1.8.2
// (its bundled secrets-store-csi-driver 1.5.6 sets tokenRequests), external-dns 1.21.1 with the
// values of its Azure tutorial and its azure.json Secret, KEDA 2.20.2 with podIdentity.azureWorkload,
// and an nginx that only reads its TLS certificate from Key Vault, on the namespace's default
// ServiceAccount.

const externalDns = identity("id-external-dns");
const keda = identity("id-keda-operator");
const storefrontTls = identity("id-storefront-tls");
const KUBELET = identity("aks-retail-prod-neu-agentpool", "MC_rg-retail-prod-neu_aks-retail-prod-neu_northeurope");
const DNS_ZONE = `${scopes.subscription()}/resourceGroups/rg-retail-dns/providers/Microsoft.Network/dnszones/retail.contoso.com`;
const AZURE_JSON = { tenantId: TENANT, subscriptionId: SUBSCRIPTION, resourceGroup: "rg-retail-dns", useWorkloadIdentityExtension: true };

const WEBHOOK = "platform/workload-identity-webhook.yaml";
const CSI = "platform/csi-secrets-store-provider-azure.yaml";
const NAMESPACES = "platform/namespaces.yaml";
const DNS = "external-dns/external-dns.yaml";
const DNS_SECRET = "external-dns/azure-config-file.yaml";
const KEDA = "keda/keda.yaml";
const STOREFRONT = "storefront/storefront-web.yaml";

const WI_LABELS = `    app: 'workload-identity-webhook'
    azure-workload-identity.io/system: "true"
    chart: 'workload-identity-webhook'
    release: 'workload-identity-webhook'`;

/** helm template workload-identity-webhook azure-workload-identity/workload-identity-webhook --version 1.6.0 -n azure-workload-identity-system --set azureTenantID=... */
const webhookChart = (): string => `---
# Source: workload-identity-webhook/templates/azure-wi-webhook-admin-serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
${WI_LABELS}
  name: azure-wi-webhook-admin
  namespace: 'azure-workload-identity-system'
---
# Source: workload-identity-webhook/templates/azure-wi-webhook-server-cert-secret.yaml
apiVersion: v1
kind: Secret
metadata:
  labels:
${WI_LABELS}
  name: azure-wi-webhook-server-cert
  namespace: 'azure-workload-identity-system'
---
# Source: workload-identity-webhook/templates/azure-wi-webhook-config-configmap.yaml
apiVersion: v1
data:
  AZURE_ENVIRONMENT: AzurePublicCloud
  AZURE_TENANT_ID: ${TENANT}
kind: ConfigMap
metadata:
  labels:
${WI_LABELS}
  name: azure-wi-webhook-config
  namespace: 'azure-workload-identity-system'
---
# Source: workload-identity-webhook/templates/azure-wi-webhook-webhook-service-service.yaml
apiVersion: v1
kind: Service
metadata:
  labels:
${WI_LABELS}
  name: azure-wi-webhook-webhook-service
  namespace: 'azure-workload-identity-system'
spec:
  type: ClusterIP
  ports:
  - port: 443
    targetPort: 9443
  selector:
    app: 'workload-identity-webhook'
    azure-workload-identity.io/system: "true"
    chart: 'workload-identity-webhook'
    release: 'workload-identity-webhook'
---
# Source: workload-identity-webhook/templates/azure-wi-webhook-controller-manager-deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
${WI_LABELS}
  name: azure-wi-webhook-controller-manager
  namespace: 'azure-workload-identity-system'
spec:
  replicas: 2
  selector:
    matchLabels:
      app: 'workload-identity-webhook'
      azure-workload-identity.io/system: "true"
      chart: 'workload-identity-webhook'
      release: 'workload-identity-webhook'
  template:
    metadata:
      annotations:
        {}
      labels:
        app: 'workload-identity-webhook'
        azure-workload-identity.io/system: "true"
        chart: 'workload-identity-webhook'
        release: 'workload-identity-webhook'
    spec:
      affinity:
        {}
      containers:
      - args:
        - --log-level=info
        - --metrics-addr=:8095
        - --metrics-backend=prometheus
        command:
        - /manager
        env:
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
        envFrom:
        - configMapRef:
            name: azure-wi-webhook-config
        image: 'mcr.microsoft.com/oss/azure/workload-identity/webhook:v1.6.0'
        imagePullPolicy: 'IfNotPresent'
        name: manager
        ports:
        - containerPort: 8095
          name: metrics
          protocol: TCP
        - containerPort: 9443
          name: webhook-server
          protocol: TCP
        - containerPort: 9440
          name: healthz
          protocol: TCP
        volumeMounts:
        - mountPath: /certs
          name: cert
          readOnly: true
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
      serviceAccountName: azure-wi-webhook-admin
      tolerations:
        []
      topologySpreadConstraints:
        []
      volumes:
      - name: cert
        secret:
          defaultMode: 420
          secretName: azure-wi-webhook-server-cert
---
# Source: workload-identity-webhook/templates/azure-wi-webhook-mutating-webhook-configuration-mutatingwebhookconfiguration.yaml
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  annotations:
    {}
  labels:
${WI_LABELS}
  name: azure-wi-webhook-mutating-webhook-configuration
webhooks:
- admissionReviewVersions:
  - v1
  - v1beta1
  clientConfig:
    service:
      name: azure-wi-webhook-webhook-service
      namespace: 'azure-workload-identity-system'
      path: /mutate-v1-pod
  failurePolicy: Fail
  matchPolicy: Equivalent
  name: mutation.azure-workload-identity.io
  namespaceSelector:
    {}
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

const SSCD_SPEC = `spec:
  podInfoOnMount: true
  attachRequired: false
  # Added in Kubernetes 1.16 with default mode of Persistent. Secrets store csi driver needs Ephermeral to be set.
  volumeLifecycleModes:
  - Ephemeral
  requiresRepublish: false
`;
const TOKEN_REQUESTS = `  tokenRequests:
  - audience: api://AzureADTokenExchange
  - audience: api://AKSIdentityBinding
`;

/** The CSIDriver of helm template csi csi-secrets-store-provider-azure/csi-secrets-store-provider-azure --version 1.8.2 -n kube-system. */
const csiDriver = (): string => `---
# Source: csi-secrets-store-provider-azure/charts/secrets-store-csi-driver/templates/csidriver.yaml
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: secrets-store.csi.k8s.io
  labels:
    app.kubernetes.io/instance: "csi"
    app.kubernetes.io/managed-by: "Helm"
    app.kubernetes.io/name: "secrets-store-csi-driver"
    app.kubernetes.io/version: "1.5.6"
    app: secrets-store-csi-driver
    helm.sh/chart: "secrets-store-csi-driver-1.5.6"
${SSCD_SPEC}${TOKEN_REQUESTS}`;

/** The namespaces as the platform team creates them (kubectl create namespace NAME --dry-run=client -o yaml). */
const namespaces = (): string =>
  ["external-dns", "keda", "storefront"].map((n) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: ${n}\nspec: {}\nstatus: {}\n`).join("---\n");

const KEDA_LABELS = (indent: string) =>
  ["helm.sh/chart: keda-2.20.2", "app.kubernetes.io/component: operator", "app.kubernetes.io/managed-by: Helm", "app.kubernetes.io/part-of: keda-operator", "app.kubernetes.io/version: 2.20.2", "app.kubernetes.io/instance: keda"]
    .map((l) => indent + l)
    .join("\n");

/** helm template keda kedacore/keda --version 2.20.2 -n keda --set podIdentity.azureWorkload.enabled=true,...clientId,...tenantId: the operator's ServiceAccount and Deployment. */
const kedaChart = (): string => `---
# Source: keda/templates/manager/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
    app.kubernetes.io/name: keda-operator
    azure.workload.identity/use: "true"
${KEDA_LABELS("    ")}
  annotations:
    azure.workload.identity/client-id: "${keda.clientId}"
    azure.workload.identity/tenant-id: "${TENANT}"
    azure.workload.identity/service-account-token-expiration: "3600"
  name: keda-operator
  namespace: keda
automountServiceAccountToken: true
---
# Source: keda/templates/manager/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: keda-operator
  namespace: keda
  labels:
    app: keda-operator
    name: keda-operator
    app.kubernetes.io/name: keda-operator
${KEDA_LABELS("    ")}
spec:
  revisionHistoryLimit: 10
  replicas: 1
  selector:
    matchLabels:
      app: keda-operator
  template:
    metadata:
      labels:
        app: keda-operator
        name: keda-operator
        app.kubernetes.io/name: keda-operator
${KEDA_LABELS("        ")}
        azure.workload.identity/use: "true"
    spec:
      enableServiceLinks: false
      serviceAccountName: keda-operator
      automountServiceAccountToken: true
      securityContext:
        runAsNonRoot: true
      containers:
        - name: keda-operator
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
              - ALL
            readOnlyRootFilesystem: true
            seccompProfile:
              type: RuntimeDefault
          image: "ghcr.io/kedacore/keda:2.20.2"
          command:
          - "/keda"
          args:
          - "--leader-elect"
          - "--disable-compression=true"
          - "--zap-log-level=info"
          - "--zap-encoder=console"
          - "--zap-time-encoding=rfc3339"
          - "--enable-webhook-patching=true"
          - "--cert-dir=/certs"
          - "--enable-cert-rotation=true"
          - "--cert-secret-name=kedaorg-certs"
          - "--operator-service-name=keda-operator"
          - "--metrics-server-service-name=keda-operator-metrics-apiserver"
          - "--webhooks-service-name=keda-admission-webhooks"
          - "--k8s-cluster-name=kubernetes-default"
          - "--k8s-cluster-domain=cluster.local"
          - "--enable-prometheus-metrics=false"
          imagePullPolicy: Always
          ports:
          - containerPort: 9666
            name: metricsservice
            protocol: TCP
          env:
            - name: WATCH_NAMESPACE
              value: ""
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            - name: OPERATOR_NAME
              value: keda-operator
            - name: KEDA_HTTP_DEFAULT_TIMEOUT
              value: "3000"
            - name: KEDA_HTTP_MIN_TLS_VERSION
              value: TLS12
          volumeMounts:
          - mountPath: /certs
            name: certificates
            readOnly: true
          resources:
            limits:
              cpu: 1
              memory: 1000Mi
            requests:
              cpu: 100m
              memory: 100Mi
      volumes:
      - name: certificates
        secret:
          defaultMode: 420
          secretName: kedaorg-certs
          optional: true
      nodeSelector:
        kubernetes.io/os: linux
`;

/** An nginx that serves the TLS certificate it mounts from Key Vault; its pods run as the namespace's default ServiceAccount. */
const storefront = (): string => `apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: storefront-tls
  namespace: storefront
spec:
  provider: azure
  parameters:
    usePodIdentity: "false"
    clientID: "${storefrontTls.clientId}"
    keyvaultName: kv-storefront-prod
    tenantId: "${TENANT}"
    objects: |
      array:
        - |
          objectName: storefront-tls
          objectType: secret
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront-web
  namespace: storefront
spec:
  replicas: 3
  selector:
    matchLabels:
      app: storefront-web
  template:
    metadata:
      labels:
        app: storefront-web
    spec:
      containers:
        - name: nginx
          image: mcr.microsoft.com/azurelinux/base/nginx:1.25
          ports:
            - containerPort: 443
          volumeMounts:
            - name: tls
              mountPath: /etc/nginx/tls
              readOnly: true
      volumes:
        - name: tls
          csi:
            driver: secrets-store.csi.k8s.io
            readOnly: true
            volumeAttributes:
              secretProviderClass: storefront-tls
`;

const dnsFiles = (azureJson: Record<string, unknown>) => {
  const o = { namespace: "external-dns", clientId: externalDns.clientId, azureJson };
  return { [DNS]: externalDnsChart(o), [DNS_SECRET]: externalDnsSecret(o) };
};

export const helmPlatformForm: Form = {
  title: "platform charts as helm template renders them: the webhook, the Key Vault CSI provider, external-dns, KEDA",
  manifests: () => ({
    [WEBHOOK]: webhookChart(),
    [CSI]: csiDriver(),
    [NAMESPACES]: namespaces(),
    ...dnsFiles(AZURE_JSON),
    [KEDA]: kedaChart(),
    [STOREFRONT]: storefront(),
  }),
  azure() {
    const w = new AzureWorld();
    w.identities.push(externalDns, keda, storefrontTls);
    w.fic(externalDns, { subject: "system:serviceaccount:external-dns:external-dns" });
    w.fic(keda, { subject: "system:serviceaccount:keda:keda-operator" });
    w.fic(storefrontTls, { subject: "system:serviceaccount:storefront:default" });
    w.grant(externalDns, "DNS Zone Contributor", DNS_ZONE);
    w.grant(keda, "Azure Service Bus Data Receiver", scopes.serviceBus("sb-retail-prod"));
    w.vault("kv-storefront-prod", "rg-retail-storefront");
    w.grant(storefrontTls, "Key Vault Secrets User", scopes.vault("kv-storefront-prod", "rg-retail-storefront"));
    return w;
  },
  scenarios: [
    {
      about: ["namespace-excluded"],
      mistake: "KEDA is installed into kube-system, which the AKS admissions enforcer keeps from the webhook",
      manifests: (f) => {
        f[KEDA] = f[KEDA]!.replaceAll("  namespace: keda\n", "  namespace: kube-system\n");
      },
      azure: (w) => {
        w.fics.find((x) => x.identity === keda)!.subject = "system:serviceaccount:kube-system:keda-operator";
      },
      expected: (at) => [at.m("namespace-excluded", "Deployment", "kube-system/keda-operator", KEDA, "namespace: kube-system", "kind: Deployment")],
    },
    {
      about: [],
      mistake: "KEDA in kube-system, with the webhook's configuration opted out of the enforcer (mutatingWebhookAnnotations)",
      manifests: (f) => {
        f[KEDA] = f[KEDA]!.replaceAll("  namespace: keda\n", "  namespace: kube-system\n");
        swap(f, WEBHOOK, "  annotations:\n    {}\n  labels:", '  annotations:\n    admissions.enforcer/disabled: "true"\n  labels:');
      },
      azure: (w) => {
        w.fics.find((x) => x.identity === keda)!.subject = "system:serviceaccount:kube-system:keda-operator";
      },
      expected: () => [],
    },
    {
      about: ["namespace-excluded"],
      mistake: "the webhook selects labelled namespaces only (mutatingWebhookNamespaceSelector) and keda's namespace is not labelled",
      manifests: (f) => {
        swap(f, WEBHOOK, "  namespaceSelector:\n    {}\n", "  namespaceSelector:\n    matchLabels:\n      azure-workload-identity: enabled\n");
        f[NAMESPACES] = f[NAMESPACES]!.replace("  name: external-dns\n", "  labels:\n    azure-workload-identity: enabled\n  name: external-dns\n").replace("  name: storefront\n", "  labels:\n    azure-workload-identity: enabled\n  name: storefront\n");
      },
      expected: (at) => [at.m("namespace-excluded", "Deployment", "keda/keda-operator", KEDA, "namespace: keda", "kind: Deployment")],
    },
    {
      about: ["webhook-failure-policy-ignore"],
      mistake: "the webhook was installed with the 0.15 chart's default mutatingWebhookFailurePolicy: Ignore",
      manifests: (f) => swap(f, WEBHOOK, "  failurePolicy: Fail\n", "  failurePolicy: Ignore\n"),
      expected: (at) => [at.m("webhook-failure-policy-ignore", "MutatingWebhookConfiguration", "azure-wi-webhook-mutating-webhook-configuration", WEBHOOK, "failurePolicy: Ignore")],
    },
    {
      about: ["csi-driver-token-requests-missing"],
      mistake: "the Secrets Store CSI driver comes from its own chart, whose tokenRequests default is empty",
      manifests: (f) => {
        f[CSI] = f[CSI]!.replace(TOKEN_REQUESTS, "").replaceAll("1.5.6", "1.6.0").replace("csi-secrets-store-provider-azure/charts/secrets-store-csi-driver/", "secrets-store-csi-driver/").replace('"csi"', '"csi-secrets-store"');
      },
      expected: (at) => [at.m("csi-driver-token-requests-missing", "CSIDriver", "secrets-store.csi.k8s.io", CSI, "podInfoOnMount: true")],
    },
    {
      about: ["app-identity-override"],
      mistake: "external-dns's azure.json still uses the kubelet identity (useManagedIdentityExtension)",
      manifests: (f) => Object.assign(f, { [DNS_SECRET]: dnsFiles({ tenantId: TENANT, subscriptionId: SUBSCRIPTION, resourceGroup: "rg-retail-dns", useManagedIdentityExtension: true, userAssignedIdentityID: KUBELET.clientId })[DNS_SECRET] }),
      expected: (at) => [at.m("app-identity-override", "Secret", "external-dns/external-dns-azure", DNS_SECRET, "azure.json:")],
    },
    {
      about: ["app-identity-override"],
      mistake: "external-dns's azure.json keeps the service principal it used before, which external-dns prefers",
      manifests: (f) =>
        Object.assign(f, { [DNS_SECRET]: dnsFiles({ ...AZURE_JSON, aadClientId: guid("client:sp-external-dns"), aadClientSecret: "Qm~8Q~not-a-real-client-secret-4dc1" })[DNS_SECRET] }),
      expected: (at) => [at.m("app-identity-override", "Secret", "external-dns/external-dns-azure", DNS_SECRET, "azure.json:")],
    },
    {
      about: ["fic-missing"],
      mistake: "the certificate's identity trusts ServiceAccount storefront-web, which does not exist: the pods run as default",
      azure: (w) => {
        w.fics.find((x) => x.identity === storefrontTls)!.subject = "system:serviceaccount:storefront:storefront-web";
      },
      expected: (at) => [at.m("fic-missing", "SecretProviderClass", "storefront/storefront-tls", STOREFRONT, "clientID:")],
    },
    {
      about: ["csi-client-id-mismatch"],
      mistake: "ServiceAccount storefront-web names the certificate's identity, but the pods set no serviceAccountName and run as default",
      manifests: (f) => {
        f[STOREFRONT] = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: storefront-web\n  namespace: storefront\n  annotations:\n    azure.workload.identity/client-id: ${storefrontTls.clientId}\n---\n${f[STOREFRONT]}`;
      },
      azure: (w) => {
        w.fics.find((x) => x.identity === storefrontTls)!.subject = "system:serviceaccount:storefront:storefront-web";
      },
      expected: (at) => [at.m("csi-client-id-mismatch", "Deployment", "storefront/storefront-web", STOREFRONT, "containers:", "kind: Deployment")],
    },
  ],
};
