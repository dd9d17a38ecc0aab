import { azureRef, kubeRef } from "../engine/refs.js";
import type { KubeObject } from "../model/kube.js";
import type { SnapshotIndex } from "../engine/snapshot-index.js";
import { asArray, asRecord } from "../util/raw.js";
import { WI } from "../wi.js";
import { clustersToJudge } from "./shared/azure-cluster.js";
import { aksUpdate } from "../fixes/builders/index.js";
import { example } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

/** A webhook installed by other means than the AKS add-on (Helm, manifests), among the loaded objects. */
function selfManagedWebhook(index: SnapshotIndex): KubeObject | undefined {
  const configs = index
    .byKind("MutatingWebhookConfiguration")
    .find((m) => m.name === WI.mutatingWebhookConfiguration || asArray(m.raw["webhooks"]).some((w) => asRecord(w)["name"] === WI.mutatingWebhookName));
  return configs ?? index.byKind("Deployment").find((d) => d.name === WI.webhookDeployment);
}

export const clusterWorkloadIdentityDisabled = defineCheck({
  meta: {
    id: "cluster-workload-identity-disabled",
    severity: "error",
    data: ["A", "K"],
    title: "Workload identity is not enabled on the cluster",
    condition: "AKS `securityProfile.workloadIdentity.enabled` false and no self-managed webhook",
    symptom: "pods never mutated; SDK falls back to IMDS",
    description: `On AKS the workload identity webhook is an add-on, switched on by
\`securityProfile.workloadIdentity.enabled\`. Without it (and without a webhook installed by Helm), pods
labelled \`azure.workload.identity/use: "true"\` are created unchanged: no \`AZURE_CLIENT_ID\`,
\`AZURE_TENANT_ID\` or \`AZURE_FEDERATED_TOKEN_FILE\`, no projected token. The Azure SDK's default credential
then falls through to managed identity on the node (IMDS) and fails, or silently uses the kubelet
identity.

The check reports a cluster whose add-on is off when no self-managed webhook
(\`azure-wi-webhook-mutating-webhook-configuration\`) is among the loaded objects. With a live cluster whose
MutatingWebhookConfigurations could be listed, that absence is a fact; without (manifests alone, or a
user who may not list them), it is not proof, and the message says so.

Fix: \`az aks update -g <rg> -n <cluster> --enable-oidc-issuer --enable-workload-identity\` (the
add-on needs the OIDC issuer), then restart the labelled workloads so the webhook mutates their pods.`,
    messages: {
      disabled: "AKS cluster {cluster} has workload identity disabled and runs no self-managed webhook: labelled pods are never mutated",
      disabledUnverified:
        "AKS cluster {cluster} has workload identity disabled; unless a self-managed webhook is installed (not verifiable without the cluster's webhook configurations), labelled pods are never mutated",
    },
    needs: ["azure.clusters"],
    fixable: false,
    examples: {
      bad: example(undefined, { cluster: { workloadIdentity: false } }),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    const webhook = selfManagedWebhook(ctx.index);
    if (webhook) return;
    // a live cluster settles it only when its webhook configurations could be listed
    const live = ctx.snapshot.coverage.available.has("cluster") && ctx.snapshot.coverage.available.has("cluster.webhooks");
    for (const cluster of clustersToJudge(ctx)) {
      if (cluster.workloadIdentityEnabled) continue;
      ctx.report({
        object: azureRef("ManagedCluster", cluster),
        messageId: live ? "disabled" : "disabledUnverified",
        data: { cluster: cluster.name },
        evidence: {
          expected: { workloadIdentity: { enabled: true } },
          actual: { workloadIdentity: { enabled: false } },
          selfManagedWebhook: live ? "none in the cluster" : ctx.snapshot.coverage.available.has("cluster") ? "not verifiable: the cluster's MutatingWebhookConfigurations could not be listed" : "not verifiable without a live cluster",
          oidcIssuerEnabled: cluster.oidcIssuerEnabled,
        },
        fixes: [
          aksUpdate(
            cluster,
            [...(cluster.oidcIssuerEnabled ? [] : ["--enable-oidc-issuer"]), "--enable-workload-identity"],
            `Enable workload identity on cluster ${cluster.name}`,
          ),
        ],
        related: ctx.index.workloads.filter((w) => w.labels[WI.useLabel] === "true").slice(0, 10).map((w) => kubeRef(w.object)),
      });
    }
  },
});
