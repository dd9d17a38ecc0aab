import type { Finding, InputProblem, NotRun, Report } from "@wid/core";

/** Fixed reports for the formatters, shaped like the engine's output. */
export const saFinding: Finding = {
  checkId: "sa-client-id-missing",
  messageId: "missing",
  severity: "error",
  object: {
    kind: "ServiceAccount",
    namespace: "prod",
    name: "api",
    apiVersion: "v1",
    file: "k8s/app.yaml",
    line: 4,
    column: 3,
    range: { start: { line: 4, column: 3, offset: 40 }, end: { line: 4, column: 14, offset: 51 } },
  },
  workload: { kind: "Deployment", namespace: "prod", name: "api", apiVersion: "apps/v1", file: "k8s/app.yaml", line: 9, column: 1 },
  message: 'ServiceAccount "prod/api" has no client-id annotation',
  evidence: { expected: "azure.workload.identity/client-id: <client id>", actual: "annotation absent" },
  fixes: [
    {
      title: "Annotate ServiceAccount api",
      snippet: { language: "yaml", text: "metadata:\n  annotations:\n    azure.workload.identity/client-id: <client id>" },
      kind: "suggestion",
      plans: [],
      choices: [{ what: "client-id", question: "Which managed identity should the ServiceAccount use (its client id)?" }],
    },
  ],
};

export const ficFinding: Finding = {
  checkId: "fic-missing",
  messageId: "missing",
  severity: "error",
  object: { kind: "ManagedIdentity", name: "id-api", id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-api", file: "azure/identities.json" },
  workload: { kind: "Deployment", namespace: "prod", name: "api" },
  message: "identity id-api has no federated credential for system:serviceaccount:prod:api",
  evidence: { expected: { subject: "system:serviceaccount:prod:api" }, actual: [] },
  fixes: [{ title: "Create the federated credential", snippet: { language: "shell", text: "az identity federated-credential create \\\n  --name api" }, kind: "fix", plans: [] }],
};

export const orphanFinding: Finding = {
  checkId: "fic-orphaned",
  messageId: "orphaned",
  severity: "info",
  object: { kind: "FederatedIdentityCredential", name: "old", id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-api/federatedIdentityCredentials/old" },
  message: "federated credential old names a missing ServiceAccount",
  evidence: {},
  fixes: [],
};

export const webhookFinding: Finding = {
  checkId: "webhook-double-install",
  messageId: "twice",
  severity: "warning",
  object: { kind: "MutatingWebhookConfiguration", name: "azure-wi-webhook-mutating-webhook-configuration" },
  message: "the webhook is installed twice",
  evidence: {},
  fixes: [],
};

export const notRun: NotRun[] = [
  { checkId: "webhook-missing", reason: { code: "missing-data", data: "cluster", gap: { code: "not-given" } } },
  { checkId: "webhook-not-ready", reason: { code: "missing-data", data: "cluster", gap: { code: "not-given" } } },
  { checkId: "fic-limit", reason: { code: "missing-data", data: "azure.identities", gap: { code: "not-given" } } },
];

export function report(findings: Finding[], notRunList: NotRun[] = notRun, ran: string[] = ["sa-client-id-missing", "fic-missing"]): Report {
  const summary = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return { findings, notRun: notRunList, ran, summary };
}

export const yamlProblem: InputProblem = { severity: "error", file: "k8s/bad.yaml", line: 2, column: 1, message: "invalid YAML: unexpected end" };
export const skippedProblem: InputProblem = { severity: "info", file: "k8s/app.yaml", line: 20, column: 1, message: "skipped: not a Kubernetes object" };
