import { swap, type Form } from "../scenario.js";
import { AUDIENCE, AzureWorld, identity, ISSUER, issuerOf, minutesBefore, scopes } from "../world.js";
import { webhookConfig } from "./platform.js";

const id = identity("id-month-end-close");
const FILE = "finance/month-end-close.yaml";
const SA = "finance/month-end-close";
const SUBJECT = "system:serviceaccount:finance:month-end-close";
const FICS = `federated-credentials/${id.resourceGroup}/fic-${id.name}.json`;

const monthEndClose = (): string => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: month-end-close
  namespace: finance
  annotations:
    azure.workload.identity/client-id: ${id.clientId}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: month-end-close
  namespace: finance
spec:
  schedule: "0 3 1 * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 1
      template:
        metadata:
          labels:
            app: month-end-close
            azure.workload.identity/use: "true"
        spec:
          serviceAccountName: month-end-close
          restartPolicy: Never
          containers:
            - name: close
              image: contoso.azurecr.io/retail/month-end-close:2026.11.0
              env:
                - name: LEDGER_BUCKET
                  value: https://stretailfinance.blob.core.windows.net/ledger
            - name: log-shipper
              image: contoso.azurecr.io/platform/log-shipper:1.9.0
`;

const POD_LABELS = "            azure.workload.identity/use: \"true\"\n";
const ENV = "              env:\n";
const theFic = (e: Record<string, unknown>) => e["subject"] !== undefined;

export const cronJobForm: Form = {
  title: "a CronJob and its federated credentials and role assignments",
  manifests: () => ({ [FILE]: monthEndClose(), "platform/azure-wi-webhook-config.yaml": webhookConfig() }),
  azure() {
    const w = new AzureWorld();
    w.identities.push(id);
    w.fic(id, { subject: SUBJECT });
    w.grant(id, "Storage Blob Data Contributor", scopes.storage("stretailfinance"));
    return w;
  },
  scenarios: [
    {
      about: ["fic-missing"],
      mistake: "the identity has no federated credential",
      azure: (w) => {
        w.fics = [];
      },
      expected: (at) => [at.m("fic-missing", "ServiceAccount", SA, FILE, "azure.workload.identity/client-id")],
    },
    {
      about: ["fic-issuer-mismatch"],
      mistake: "the federated credential's issuer lacks the trailing slash",
      azure: (w) => {
        w.fics[0]!.issuer = ISSUER.slice(0, -1);
      },
      expected: (at) => [at.a("fic-issuer-mismatch", "FederatedIdentityCredential", FICS, theFic)],
    },
    {
      about: ["fic-subject-mismatch"],
      mistake: "the subject says system:serviceaccounts (the group) instead of system:serviceaccount",
      azure: (w) => {
        w.fics[0]!.subject = "system:serviceaccounts:finance:month-end-close";
      },
      // fic-missing stays quiet: the near miss is the credential to correct, not one to add
      expected: (at) => [at.a("fic-subject-mismatch", "FederatedIdentityCredential", FICS, theFic)],
    },
    {
      about: ["fic-audience-invalid"],
      mistake: "the audience has a trailing slash",
      azure: (w) => {
        w.fics[0]!.audiences = [`${AUDIENCE}/`];
      },
      expected: (at) => [at.a("fic-audience-invalid", "FederatedIdentityCredential", FICS, theFic)],
    },
    {
      about: ["fic-limit"],
      mistake: "the identity is shared by 18 regional clusters and has 18 federated credentials",
      azure: (w) => {
        for (let n = 1; n <= 17; n++) w.fic(id, { name: `fic-aks-retail-r${n}`, subject: SUBJECT, issuer: issuerOf(`aks-retail-r${n}`) });
      },
      expected: (at) => [at.a("fic-limit", "ManagedIdentity", "identities.json", (e) => e["name"] === id.name)],
    },
    {
      about: ["fic-propagation"],
      mistake: "the federated credential was created three minutes ago",
      azure: (w) => {
        w.fics[0]!.createdAt = minutesBefore(3);
      },
      expected: (at) => [at.a("fic-propagation", "FederatedIdentityCredential", FICS, theFic)],
    },
    {
      about: ["rbac-no-assignment"],
      mistake: "the identity has no role assignment",
      azure: (w) => {
        w.assignments = [];
      },
      expected: (at) => [at.a("rbac-no-assignment", "ManagedIdentity", "identities.json", (e) => e["name"] === id.name)],
    },
    {
      about: ["rbac-assigned-to-wrong-principal"],
      mistake: "the role was assigned to the client id instead of the principal id",
      azure: (w) => {
        const a = w.assignments[0]!;
        a.principalId = id.clientId;
        a.principalName = null;
      },
      // rbac-no-assignment stays quiet: the assignment exists, on the wrong principal
      expected: (at) => [at.a("rbac-assigned-to-wrong-principal", "RoleAssignment", "role-assignments.json", (e) => e["principalId"] === id.clientId)],
    },
    {
      about: ["pod-hardcoded-token-path"],
      mistake: "a variable of the application holds the v1.5 token path",
      manifests: (f) => swap(f, FILE, ENV, `${ENV}                - name: WI_TOKEN_FILE\n                  value: /var/run/secrets/azure/tokens/azure-identity-token\n`),
      expected: (at) => [at.m("pod-hardcoded-token-path", "CronJob", SA, FILE, "/var/run/secrets/azure/tokens/azure-identity-token")],
    },
    {
      about: ["pod-skip-containers-invalid"],
      mistake: "skip-containers separates names with a comma",
      manifests: (f) => swap(f, FILE, POD_LABELS, `${POD_LABELS}          annotations:\n            azure.workload.identity/skip-containers: "log-shipper,istio-proxy"\n`),
      expected: (at) => [at.m("pod-skip-containers-invalid", "CronJob", SA, FILE, "azure.workload.identity/skip-containers")],
    },
    {
      about: [],
      mistake: "skip-containers names the log shipper, which needs no identity",
      manifests: (f) => swap(f, FILE, POD_LABELS, `${POD_LABELS}          annotations:\n            azure.workload.identity/skip-containers: log-shipper\n`),
      expected: () => [],
    },
    {
      about: [],
      mistake: "the identity also trusts the GitHub Actions deployments of the repository",
      azure: (w) => {
        w.fic(id, { name: "github-retail-finance-production", issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/retail-finance:environment:production" });
      },
      expected: () => [],
    },
  ],
};
