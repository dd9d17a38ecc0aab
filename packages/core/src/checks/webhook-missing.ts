import { defineCheck } from "./types.js";

export const webhookMissing = defineCheck({
  meta: {
    id: "webhook-missing",
    severity: "error",
    data: ["K"],
    title: "The workload identity webhook is not installed",
    condition: "no MutatingWebhookConfiguration for `mutation.azure-workload-identity.io`",
    symptom: "env and token never injected",
    description: `The pod side of workload identity is done by a mutating admission webhook: for each pod labelled
\`azure.workload.identity/use: "true"\` it injects \`AZURE_CLIENT_ID\`, \`AZURE_TENANT_ID\`,
\`AZURE_FEDERATED_TOKEN_FILE\`, \`AZURE_AUTHORITY_HOST\` and the projected token volume. Without the
MutatingWebhookConfiguration \`azure-wi-webhook-mutating-webhook-configuration\` (webhook
\`mutation.azure-workload-identity.io\`) the label does nothing: pods start without the variables, and the
Azure SDK reports "WorkloadIdentityCredential authentication unavailable. The workload options are not
fully configured" or falls back to the node's managed identity.

Fix, on AKS: enable the add-on, which installs the webhook in \`kube-system\`
(\`az aks update -g RG -n CLUSTER --enable-oidc-issuer --enable-workload-identity\`). Elsewhere: install
the Helm chart \`workload-identity-webhook\` from \`https://azure.github.io/azure-workload-identity/charts\`
into \`azure-workload-identity-system\`, with \`--set azureTenantID=TENANT\`. Then recreate the labelled pods:
the webhook only mutates pods when they are created.`,
    messages: {},
    needs: ["cluster"],
    fixable: false,
  },
});
