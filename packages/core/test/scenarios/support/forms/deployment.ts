import { swap, type Form } from "../scenario.js";
import { AzureWorld, guid, identity, issuerOf, minutesBefore, scopes, TENANT } from "../world.js";
import { webhookConfig } from "./platform.js";

const id = identity("id-orders-api");
const FILE = "orders/orders-api.yaml";
const SA = "orders/orders-api";
const VAULT_SCOPE = scopes.vault("kv-orders-prod", "rg-retail-orders");
/** The identity the AKS Key Vault secrets provider add-on creates in the node resource group. */
const csiAddon = identity("azurekeyvaultsecretsprovider-aks-retail-prod-neu", "MC_rg-retail-prod-neu_aks-retail-prod-neu_northeurope");

const ordersApi = (): string => `# orders-api: reads its database password from Key Vault through the Secrets Store CSI driver.
apiVersion: v1
kind: ServiceAccount
metadata:
  name: orders-api
  namespace: orders
  annotations:
    azure.workload.identity/client-id: ${id.clientId}
---
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: orders-api-secrets
  namespace: orders
spec:
  provider: azure
  parameters:
    usePodIdentity: "false"
    clientID: "${id.clientId}"
    keyvaultName: kv-orders-prod
    tenantId: "${TENANT}"
    objects: |
      array:
        - |
          objectName: orders-db-password
          objectType: secret
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-api
  namespace: orders
  labels:
    app: orders-api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: orders-api
  template:
    metadata:
      labels:
        app: orders-api
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: orders-api
      containers:
        - name: api
          image: contoso.azurecr.io/retail/orders-api:3.4.1
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
          volumeMounts:
            - name: secrets
              mountPath: /mnt/secrets
              readOnly: true
      volumes:
        - name: secrets
          csi:
            driver: secrets-store.csi.k8s.io
            readOnly: true
            volumeAttributes:
              secretProviderClass: orders-api-secrets
`;

const LABEL = `        azure.workload.identity/use: "true"\n`;
const ENV = "          env:\n";

export const deploymentForm: Form = {
  title: "a Deployment with a SecretProviderClass for Key Vault",
  manifests: () => ({ [FILE]: ordersApi(), "platform/azure-wi-webhook-config.yaml": webhookConfig() }),
  azure() {
    const w = new AzureWorld();
    w.identities.push(id);
    w.fic(id, { subject: "system:serviceaccount:orders:orders-api" });
    w.vault("kv-orders-prod", "rg-retail-orders");
    w.grant(id, "Key Vault Secrets User", VAULT_SCOPE);
    return w;
  },
  scenarios: [
    {
      about: ["pod-label-missing"],
      mistake: "the pod template has no use label",
      manifests: (f) => swap(f, FILE, LABEL, ""),
      // the pod template's labels, where the label belongs
      expected: (at) => [at.m("pod-label-missing", "Deployment", SA, FILE, "app: orders-api", "template:")],
    },
    {
      about: ["pod-label-value-invalid"],
      mistake: 'the use label says "True"',
      manifests: (f) => swap(f, FILE, LABEL, `        azure.workload.identity/use: "True"\n`),
      expected: (at) => [at.m("pod-label-value-invalid", "Deployment", SA, FILE, 'azure.workload.identity/use: "True"')],
    },
    {
      about: ["pod-env-override"],
      mistake: "the container hard-codes AZURE_CLIENT_ID of another identity",
      manifests: (f) => swap(f, FILE, ENV, `${ENV}            - name: AZURE_CLIENT_ID\n              value: ${guid("client:id-orders-api-dev")}\n`),
      expected: (at) => [at.m("pod-env-override", "Deployment", SA, FILE, "value:", "- name: AZURE_CLIENT_ID")],
    },
    {
      about: ["app-identity-override"],
      mistake: "the container keeps AZURE_CLIENT_SECRET of the service principal it used before, which DefaultAzureCredential tries first",
      manifests: (f) =>
        swap(f, FILE, ENV, `${ENV}            - name: AZURE_CLIENT_SECRET\n              valueFrom:\n                secretKeyRef:\n                  name: orders-api-sp\n                  key: client-secret\n`),
      expected: (at) => [at.m("app-identity-override", "Deployment", SA, FILE, "- name: AZURE_CLIENT_SECRET")],
    },
    {
      about: ["pod-default-token-used"],
      mistake: "AZURE_FEDERATED_TOKEN_FILE points at the Kubernetes service account token",
      manifests: (f) =>
        swap(f, FILE, ENV, `${ENV}            - name: AZURE_FEDERATED_TOKEN_FILE\n              value: /var/run/secrets/kubernetes.io/serviceaccount/token\n`),
      // pod-env-override stays quiet: pod-default-token-used names the actual problem and its fix
      expected: (at) => [at.m("pod-default-token-used", "Deployment", SA, FILE, "/var/run/secrets/kubernetes.io/serviceaccount/token")],
    },
    {
      about: ["pod-windows-without-os"],
      mistake: "the pods target Windows nodes without spec.os.name",
      manifests: (f) => swap(f, FILE, "      serviceAccountName: orders-api\n", "      serviceAccountName: orders-api\n      nodeSelector:\n        kubernetes.io/os: windows\n"),
      expected: (at) => [at.m("pod-windows-without-os", "Deployment", SA, FILE, "kubernetes.io/os: windows")],
    },
    {
      about: ["sa-annotation-on-wrong-object"],
      mistake: "the client-id annotation is on the Deployment instead of the ServiceAccount",
      manifests: (f) => {
        swap(f, FILE, `  annotations:\n    azure.workload.identity/client-id: ${id.clientId}\n---`, "---");
        swap(f, FILE, "  labels:\n    app: orders-api\nspec:", `  labels:\n    app: orders-api\n  annotations:\n    azure.workload.identity/client-id: ${id.clientId}\nspec:`);
      },
      // one finding, where the annotation is, with the fix that moves it (not a second one on the bare ServiceAccount)
      expected: (at) => [at.m("sa-annotation-on-wrong-object", "Deployment", SA, FILE, "azure.workload.identity/client-id:", "kind: Deployment")],
    },
    {
      about: ["sa-missing"],
      mistake: "serviceAccountName names a ServiceAccount that is not there",
      manifests: (f) => swap(f, FILE, "      serviceAccountName: orders-api\n", "      serviceAccountName: orders-api-sa\n"),
      expected: (at) => [at.m("sa-missing", "Deployment", SA, FILE, "serviceAccountName: orders-api-sa")],
    },
    {
      about: ["csi-client-id-mismatch"],
      mistake: "the SecretProviderClass keeps the client id of the identity before it was re-created",
      manifests: (f) => swap(f, FILE, `    clientID: "${id.clientId}"`, `    clientID: "${guid("client:id-orders-api-before-recreate")}"`),
      expected: (at) => [at.m("csi-client-id-mismatch", "SecretProviderClass", "orders/orders-api-secrets", FILE, "clientID:")],
    },
    {
      about: ["rbac-missing-for-target"],
      mistake: "Key Vault Secrets User was granted on the staging vault",
      azure: (w) => {
        w.vault("kv-orders-stg", "rg-retail-orders-stg");
        w.assignments[0]!.scope = scopes.vault("kv-orders-stg", "rg-retail-orders-stg");
      },
      expected: (at) => [at.a("rbac-missing-for-target", "KeyVault", "keyvaults.json", (e) => e["name"] === "kv-orders-prod")],
    },
    {
      about: ["kv-access-policy-mode"],
      mistake: "the vault uses access policies but the identity only has an RBAC role",
      azure: (w) => {
        w.vaults[0]!.rbac = false;
        w.vaults[0]!.accessPolicies = [guid("group:retail-admins")];
      },
      expected: (at) => [at.a("kv-access-policy-mode", "KeyVault", "keyvaults.json", (e) => e["name"] === "kv-orders-prod")],
    },
    {
      about: ["rbac-propagation"],
      mistake: "the Key Vault role was granted four minutes ago",
      azure: (w) => {
        w.assignments[0]!.createdOn = minutesBefore(4);
      },
      expected: (at) => [at.a("rbac-propagation", "RoleAssignment", "role-assignments.json", (e) => e["roleDefinitionName"] === "Key Vault Secrets User")],
    },
    {
      about: ["proxy-host-network"],
      mistake: "a hostNetwork pod asks for the proxy sidecar",
      manifests: (f) => {
        swap(f, FILE, LABEL, `${LABEL}      annotations:\n        azure.workload.identity/inject-proxy-sidecar: "true"\n`);
        swap(f, FILE, "      serviceAccountName: orders-api\n", "      serviceAccountName: orders-api\n      hostNetwork: true\n");
      },
      expected: (at) => [at.m("proxy-host-network", "Deployment", SA, FILE, "azure.workload.identity/inject-proxy-sidecar")],
    },
    {
      about: ["proxy-port-invalid"],
      mistake: "the proxy sidecar port is the application's port",
      manifests: (f) =>
        swap(
          f,
          FILE,
          LABEL,
          `${LABEL}      annotations:\n        azure.workload.identity/inject-proxy-sidecar: "true"\n        azure.workload.identity/proxy-sidecar-port: "8080"\n`,
        ),
      expected: (at) => [at.m("proxy-port-invalid", "Deployment", SA, FILE, "azure.workload.identity/proxy-sidecar-port")],
    },
    {
      about: [],
      mistake: "client ids written in upper case (Azure compares GUIDs without case)",
      manifests: (f) => {
        swap(f, FILE, `client-id: ${id.clientId}`, `client-id: ${id.clientId.toUpperCase()}`);
        swap(f, FILE, `clientID: "${id.clientId}"`, `clientID: "${id.clientId.toUpperCase()}"`);
      },
      expected: () => [],
    },
    {
      about: [],
      mistake: "Key Vault Secrets Officer granted on the whole subscription",
      azure: (w) => {
        w.assignments[0]!.role = "Key Vault Secrets Officer";
        w.assignments[0]!.scope = scopes.subscription();
      },
      expected: () => [],
    },
    {
      about: [],
      mistake: "a container sets AZURE_CLIENT_ID to the ServiceAccount's own client id",
      manifests: (f) => swap(f, FILE, ENV, `${ENV}            - name: AZURE_CLIENT_ID\n              value: ${id.clientId}\n`),
      expected: () => [],
    },
    {
      about: [],
      mistake: "an identity of the same name in the development resource group, with its own role on the development vault",
      azure: (w) => {
        const dev = identity("id-orders-api", "rg-retail-dev");
        w.identities.push(dev);
        w.fic(dev, { subject: "system:serviceaccount:orders:orders-api", issuer: issuerOf("aks-retail-dev-neu") });
        w.vault("kv-orders-dev", "rg-retail-dev");
        w.grant(dev, "Key Vault Secrets User", scopes.vault("kv-orders-dev", "rg-retail-dev"));
      },
      expected: () => [],
    },
    {
      about: [],
      mistake: "skip-containers names istio-proxy, which a later webhook injects",
      manifests: (f) => swap(f, FILE, LABEL, `${LABEL}      annotations:\n        azure.workload.identity/skip-containers: istio-proxy\n`),
      expected: () => [],
    },
    {
      about: [],
      mistake: "a container sets AZURE_AUTHORITY_HOST for a sovereign cloud",
      manifests: (f) => swap(f, FILE, ENV, `${ENV}            - name: AZURE_AUTHORITY_HOST\n              value: https://login.microsoftonline.us/\n`),
      expected: () => [],
    },
    {
      about: [],
      mistake: "the ServiceAccount names its tenant, in upper case",
      manifests: (f) => swap(f, FILE, "    azure.workload.identity/client-id:", `    azure.workload.identity/tenant-id: ${TENANT.toUpperCase()}\n    azure.workload.identity/client-id:`),
      expected: () => [],
    },
    {
      about: [],
      mistake: "the SecretProviderClass reads the vault with the CSI add-on's own identity, not workload identity",
      manifests: (f) =>
        swap(f, FILE, `    usePodIdentity: "false"\n    clientID: "${id.clientId}"\n`, `    usePodIdentity: "false"\n    useVMManagedIdentity: "true"\n    userAssignedIdentityID: "${csiAddon.clientId}"\n`),
      azure: (w) => {
        w.identities.push(csiAddon);
        w.assignments[0]!.principalId = csiAddon.principalId;
        w.assignments[0]!.principalName = csiAddon.clientId;
        w.grant(id, "Azure Service Bus Data Receiver", scopes.serviceBus("sb-retail-prod"));
      },
      expected: () => [],
    },
  ],
};
