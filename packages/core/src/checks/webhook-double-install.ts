import { defineCheck } from "./types.js";

export const webhookDoubleInstall = defineCheck({
  meta: {
    id: "webhook-double-install",
    severity: "warning",
    data: ["K"],
    title: "The webhook is installed twice (AKS add-on and Helm)",
    condition: "webhook installed both as AKS add-on (`kube-system`) and by Helm",
    symptom: "Helm install fails; two controllers",
    description: `The webhook can come from the AKS add-on (in \`kube-system\`, managed by AKS) or from the Helm chart or
manifests of azure-workload-identity (usually in \`azure-workload-identity-system\`). Both create the
cluster-wide MutatingWebhookConfiguration \`azure-wi-webhook-mutating-webhook-configuration\`, so installing
the chart on a cluster with the add-on fails ("rendered manifests contain a resource that already exists"),
and a cluster that ends up with both runs two controllers that fight over the configuration and its
certificate: pods are intermittently rejected, or mutated twice (\`spec.volumes: Duplicate value\`,
\`must be unique\`).

Fix: keep one. On AKS prefer the add-on and remove the other install (\`helm uninstall\` it, or delete the
manifests' namespace); to keep a self-managed webhook instead, disable the add-on with
\`az aks update -g RG -n CLUSTER --disable-workload-identity\`.`,
    messages: {},
    needs: ["cluster"],
    fixable: false,
  },
});
