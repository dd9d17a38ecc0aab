import { kubeRef } from "../engine/refs.js";
import { aksUpdate, suggestion } from "../fixes/builders/index.js";
import { WI } from "../wi.js";
import { annotationsOf } from "./shared/azure-bindings.js";
import { meansWorkloadIdentity } from "./shared/kube-intent.js";
import { wiWebhooks } from "./shared/kube-webhook.js";
import { defineCheck } from "./types.js";

const HELM = `helm repo add azure-workload-identity https://azure.github.io/azure-workload-identity/charts
helm install workload-identity-webhook azure-workload-identity/workload-identity-webhook \\
  --namespace azure-workload-identity-system --create-namespace \\
  --set azureTenantID="$(az account show --query tenantId -o tsv)"`;

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

The check lists the cluster's MutatingWebhookConfigurations and looks for that webhook under any
configuration name. It reports only when some workload means to use workload identity (the label, or
a ServiceAccount with a \`client-id\`), and needs the right to list MutatingWebhookConfigurations
cluster-wide: without it, it is not run rather than guessed. When the AKS cluster is known to have
its add-on switched off, \`cluster-workload-identity-disabled\` reports it with the \`az aks update\` to run.

Fix, on AKS: enable the add-on, which installs the webhook in \`kube-system\`
(\`az aks update -g RG -n CLUSTER --enable-oidc-issuer --enable-workload-identity\`). Elsewhere: install
the Helm chart \`workload-identity-webhook\` from \`https://azure.github.io/azure-workload-identity/charts\`
into \`azure-workload-identity-system\`, with \`--set azureTenantID=TENANT\`. Then recreate the labelled pods:
the webhook only mutates pods when they are created.`,
    messages: {
      missing: "no MutatingWebhookConfiguration in the cluster has the webhook {webhook}: {count} workloads that use workload identity get no AZURE_* variables and no token",
    },
    needs: ["cluster", "cluster.webhooks"],
    fixable: false,
  },
  detect(ctx) {
    if (wiWebhooks(ctx.index).length > 0) return;
    // cluster-workload-identity-disabled says it better, with the AKS command
    if (ctx.snapshot.coverage.available.has("azure.clusters") && ctx.index.cluster && !ctx.index.cluster.workloadIdentityEnabled) return;
    const users = ctx.index.workloads.filter((w) => {
      if (meansWorkloadIdentity(w)) return true;
      const sa = ctx.index.serviceAccount(w.namespace, w.serviceAccountName);
      return sa !== undefined && (annotationsOf(sa)[WI.clientIdAnnotation] ?? "") !== "";
    });
    if (users.length === 0) return;
    const cluster = ctx.index.cluster;
    ctx.report({
      object: { kind: "MutatingWebhookConfiguration", name: WI.mutatingWebhookConfiguration, apiVersion: "admissionregistration.k8s.io/v1" },
      messageId: "missing",
      data: { webhook: WI.mutatingWebhookName, count: users.length },
      evidence: {
        expected: `a MutatingWebhookConfiguration with the webhook ${WI.mutatingWebhookName}`,
        actual: `${ctx.index.byKind("MutatingWebhookConfiguration").length} MutatingWebhookConfigurations, none with it`,
        workloads: users.slice(0, 20).map((w) => `${w.namespace}/${w.kind}/${w.name}`),
      },
      fixes: [
        cluster
          ? aksUpdate(cluster, [...(cluster.oidcIssuerEnabled ? [] : ["--enable-oidc-issuer"]), "--enable-workload-identity"], `Enable the workload identity add-on on cluster ${cluster.name}`)
          : suggestion("Install the workload identity webhook (AKS: az aks update --enable-workload-identity; elsewhere: its Helm chart)", { language: "shell", text: HELM }),
      ],
      related: users.slice(0, 10).map((w) => kubeRef(w.object)),
    });
  },
});
