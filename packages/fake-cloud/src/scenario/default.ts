import { normalizeScenario, DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID } from "./load.js";
import {
  AzureBuilder,
  CLIENT_ID,
  ROLES,
  SECRET_PROVIDER_CLASS_CRD,
  USE_LABEL,
  cronJob,
  deployment,
  guidFrom,
  jobOf,
  namespace,
  runningDeployment,
  secretProviderClass,
  service,
  serviceAccount,
  statefulSet,
} from "./builders.js";
import type { JsonObject, Scenario } from "./types.js";

const RG = "rg-shop";

/** The most recent 02:00 UTC, when the nightly report ran. */
function lastTwoAm(): Date {
  const d = new Date();
  d.setUTCHours(2, 0, 0, 0);
  if (d.getTime() > Date.now()) d.setUTCDate(d.getUTCDate() - 1);
  return d;
}
const RG_DATA = "rg-shop-data";
const CLUSTER = "aks-shop-prod";

/**
 * A small online shop on AKS: four namespaces, twelve workloads, correct setups next to the
 * mistakes people make most (see the comment on each workload), plus an operator principal that
 * can read everything and a read-only user limited to one namespace.
 */
export function defaultScenario(): Scenario {
  const az = new AzureBuilder(DEFAULT_TENANT_ID, DEFAULT_SUBSCRIPTION_ID);
  const id = (name: string) => az.identity(name, RG);
  const orders = id("id-orders");
  const payments = id("id-payments");
  const cart = id("id-cart");
  const catalog = id("id-catalog");
  const invoices = id("id-invoices");
  const ledger = id("id-ledger");
  const ingest = id("id-ingest");
  const secretsReader = id("id-secrets-reader");
  const kvShop = az.keyVault("kv-shop-prod", RG_DATA, true);
  const kvLegacy = az.keyVault("kv-shop-legacy", RG_DATA, false, [
    { tenantId: DEFAULT_TENANT_ID, objectId: orders.principalId, permissions: { secrets: ["get", "list"] } },
  ]);
  const sub = (ns: string, sa: string) => `system:serviceaccount:${ns}:${sa}`;
  const operator = { displayName: "wid-operator", clientId: guidFrom("operator-client"), objectId: guidFrom("operator-object"), clientSecret: "wid-demo-secret" };
  const subscriptionScope = `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}`;

  const reports = cronJob("billing", "reports", "0 2 * * *", { serviceAccount: "reports", labels: { [USE_LABEL]: "true" } });
  const objects: JsonObject[] = [
    namespace("kube-system", { "kubernetes.azure.com/managedby": "aks", "control-plane": "true" }),
    namespace("default"),
    namespace("shop", { team: "storefront" }),
    namespace("billing", { team: "finance" }),
    namespace("analytics", { team: "data" }),
    namespace("legacy", { team: "platform" }),
    SECRET_PROVIDER_CLASS_CRD,

    // shop/orders: correct end to end (annotated SA, labelled pods, FIC, Key Vault role).
    serviceAccount("shop", "orders", { [CLIENT_ID]: orders.clientId }),
    deployment("shop", "orders", { serviceAccount: "orders", labels: { [USE_LABEL]: "true" }, replicas: 2 }),
    service("shop", "orders"),
    // shop/payments: the FIC subject names `payment`, not `payments` (fic-subject-mismatch).
    serviceAccount("shop", "payments", { [CLIENT_ID]: payments.clientId }),
    deployment("shop", "payments", { serviceAccount: "payments", labels: { [USE_LABEL]: "true" } }),
    // shop/cart: the SA is annotated but the pod template lacks the label (pod-label-missing).
    serviceAccount("shop", "cart", { [CLIENT_ID]: cart.clientId }),
    deployment("shop", "cart", { serviceAccount: "cart" }),
    // shop/catalog: the annotation holds the identity's principal id (sa-client-id-is-principal-id).
    serviceAccount("shop", "catalog", { [CLIENT_ID]: catalog.principalId }),
    deployment("shop", "catalog", { serviceAccount: "catalog", labels: { [USE_LABEL]: "true" } }),
    // shop/notifier: pods started before the SA was annotated, never restarted (pod-not-mutated).
    serviceAccount("shop", "notifier", { [CLIENT_ID]: orders.clientId }),
    ...runningDeployment(deployment("shop", "notifier", { serviceAccount: "notifier", labels: { [USE_LABEL]: "true" } })),

    // billing/invoices: the FIC issuer lacks the issuer's trailing slash (fic-issuer-mismatch).
    serviceAccount("billing", "invoices", { [CLIENT_ID]: invoices.clientId }),
    deployment("billing", "invoices", { serviceAccount: "invoices", labels: { [USE_LABEL]: "true" } }),
    // billing/ledger: `client_id` instead of `client-id` (sa-annotation-typo).
    serviceAccount("billing", "ledger", { "azure.workload.identity/client_id": ledger.clientId }),
    statefulSet("billing", "ledger", { serviceAccount: "ledger", labels: { [USE_LABEL]: "true" } }),
    // billing/reports: a 30-minute token expiration the webhook rejects (sa-token-expiration-invalid).
    serviceAccount("billing", "reports", { [CLIENT_ID]: invoices.clientId, "azure.workload.identity/service-account-token-expiration": "1800" }),
    reports,
    // Last night's run: its pods are refused by the webhook, which the Job controller reports as FailedCreate events.
    jobOf(reports, lastTwoAm()),

    // analytics/ingest: token exchange works but the identity has no role anywhere (rbac-no-assignment).
    serviceAccount("analytics", "ingest", { [CLIENT_ID]: ingest.clientId }),
    deployment("analytics", "ingest", { serviceAccount: "ingest", labels: { [USE_LABEL]: "true" } }),
    // analytics/dashboard: a placeholder left in the annotation (sa-client-id-not-guid).
    serviceAccount("analytics", "dashboard", { [CLIENT_ID]: "<your-client-id>" }),
    deployment("analytics", "dashboard", { serviceAccount: "dashboard", labels: { [USE_LABEL]: "true" } }),
    // analytics/exporter: label value `True` (pod-label-value-invalid).
    serviceAccount("analytics", "exporter", { [CLIENT_ID]: ingest.clientId }),
    deployment("analytics", "exporter", { serviceAccount: "exporter", labels: { [USE_LABEL]: "True" } }),

    // legacy/batch-sync: still on aad-pod-identity (migrate-pod-identity).
    deployment("legacy", "batch-sync", { labels: { aadpodidbinding: "batch-sync" } }),
    // legacy/secrets-reader: RBAC role on a vault in access-policy mode (kv-access-policy-mode).
    serviceAccount("legacy", "secrets-reader", { [CLIENT_ID]: secretsReader.clientId }),
    secretProviderClass("legacy", "legacy-secrets", kvLegacy.name, secretsReader.clientId, DEFAULT_TENANT_ID, ["db-password"]),
    deployment("legacy", "secrets-reader", {
      serviceAccount: "secrets-reader",
      labels: { [USE_LABEL]: "true" },
      volumes: [{ name: "secrets", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "legacy-secrets" } } }],
      volumeMounts: [{ name: "secrets", mountPath: "/mnt/secrets", readOnly: true }],
    }),
  ];

  return normalizeScenario({
    name: "default",
    description: "An online shop on AKS: twelve workloads in four namespaces, correct setups next to common workload identity mistakes.",
    cluster: {
      name: CLUSTER,
      objects,
      users: [{ name: "viewer", rules: [{ namespaces: ["shop"], verbs: ["get", "list", "watch"], resources: ["*"] }] }],
      logs: [
        {
          namespace: "shop",
          podPrefix: "payments-",
          lines: [
            "2025-06-01T10:00:01Z INFO starting payments service",
            `2025-06-01T10:00:02Z ERROR DefaultAzureCredential failed to retrieve a token from the included credentials. WorkloadIdentityCredential authentication failed. AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '{{issuer}}'. Assertion Subject: 'system:serviceaccount:shop:payments'. Assertion Audience: 'api://AzureADTokenExchange'.`,
          ],
        },
        { namespace: "shop", podPrefix: "cart-", lines: ["2025-06-01T10:00:01Z INFO starting cart service"] },
        // the SDK falls back to the node's identity only in pods the webhook left alone
        {
          namespace: "shop",
          podPrefix: "cart-",
          when: "unmutated",
          lines: ["2025-06-01T10:00:03Z ERROR ManagedIdentityCredential authentication failed. The requested identity has not been assigned to this resource."],
        },
        { namespace: "shop", podPrefix: "orders-", lines: ["2025-06-01T10:00:01Z INFO starting orders service", "2025-06-01T10:00:02Z INFO read secret db-password from kv-shop-prod"] },
      ],
    },
    webhook: { installed: true, version: "1.6", ready: true, mode: "aks-addon" },
    issuer: { enabled: true, trailingSlash: true },
    azure: {
      tenantId: DEFAULT_TENANT_ID,
      subscriptionId: DEFAULT_SUBSCRIPTION_ID,
      identities: [orders, payments, cart, catalog, invoices, ledger, ingest, secretsReader],
      federatedCredentials: [
        az.fic(orders, "aks-shop-orders", "{{issuer}}", sub("shop", "orders")),
        az.fic(orders, "aks-shop-notifier", "{{issuer}}", sub("shop", "notifier")),
        az.fic(payments, "aks-shop-payments", "{{issuer}}", sub("shop", "payment")),
        az.fic(cart, "aks-shop-cart", "{{issuer}}", sub("shop", "cart")),
        az.fic(catalog, "aks-shop-catalog", "{{issuer}}", sub("shop", "catalog")),
        az.fic(invoices, "aks-billing-invoices", "{{issuerWithoutTrailingSlash}}", sub("billing", "invoices")),
        az.fic(invoices, "aks-billing-reports", "{{issuer}}", sub("billing", "reports")),
        az.fic(ledger, "aks-billing-ledger", "{{issuer}}", sub("billing", "ledger")),
        az.fic(ingest, "aks-analytics-ingest", "{{issuer}}", sub("analytics", "ingest")),
        az.fic(ingest, "aks-analytics-exporter", "{{issuer}}", sub("analytics", "exporter")),
        az.fic(secretsReader, "aks-legacy-secrets-reader", "{{issuer}}", sub("legacy", "secrets-reader")),
      ],
      roleAssignments: [
        az.roleAssignment(operator.objectId, ROLES.reader, subscriptionScope),
        az.roleAssignment(operator.objectId, ROLES.managedIdentityContributor, az.rgId(RG)),
        az.roleAssignment(operator.objectId, ROLES.userAccessAdministrator, az.rgId(RG_DATA)),
        ...[orders, payments, cart, catalog, invoices, ledger].map((i) => az.roleAssignment(i.principalId, ROLES.keyVaultSecretsUser, kvShop.id)),
        az.roleAssignment(secretsReader.principalId, ROLES.keyVaultSecretsUser, kvLegacy.id),
      ],
      roleDefinitions: [],
      clusters: [az.cluster(CLUSTER, RG, "{{issuer}}")],
      keyVaults: [kvShop, kvLegacy],
      principals: [operator],
    },
  });
}
