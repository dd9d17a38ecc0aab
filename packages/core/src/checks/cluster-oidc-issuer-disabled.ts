import { azureRef } from "../engine/refs.js";
import { clustersToJudge } from "./shared/azure-cluster.js";
import { aksUpdate } from "../fixes/builders/index.js";
import { example } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const clusterOidcIssuerDisabled = defineCheck({
  meta: {
    id: "cluster-oidc-issuer-disabled",
    severity: "error",
    data: ["A"],
    title: "AKS OIDC issuer is disabled",
    condition: "AKS `oidcIssuerProfile.enabled` false / no `issuerURL`",
    symptom: "tokens carry `iss: https://kubernetes.default.svc.cluster.local`; AADSTS70021",
    description: `Workload identity needs the cluster to publish an OIDC issuer that Entra ID can fetch: AKS
serves one at \`https://<region>.oic.prod-aks.azure.com/<tenant>/<guid>/\` when \`oidcIssuerProfile.enabled\`
is true. Without it the API server signs ServiceAccount tokens with the in-cluster issuer
\`https://kubernetes.default.svc.cluster.local\`, which no federated credential can trust, and every
token exchange fails (AADSTS70021). An issuer that is enabled but has no URL yet is still being
provisioned.

Fix: \`az aks update -g <rg> -n <cluster> --enable-oidc-issuer\`, then read the URL with
\`az aks show -g <rg> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv\` and use it as the
\`--issuer\` of the federated credentials. On an existing cluster this changes the ServiceAccount token
issuer and restarts the API server: plan it as a change, restart pods that stay failed afterwards, and
know that the issuer cannot be disabled again. New clusters on Kubernetes 1.34 or later have it enabled
by default.`,
    messages: {
      disabled: "AKS cluster {cluster} has its OIDC issuer disabled: its tokens cannot be federated with Entra ID",
      noUrl: "AKS cluster {cluster} has the OIDC issuer enabled but reports no issuer URL yet",
    },
    needs: ["azure.clusters"],
    fixable: false,
    examples: {
      bad: example(undefined, { cluster: { oidcIssuer: false } }),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    for (const cluster of clustersToJudge(ctx)) {
      if (cluster.oidcIssuerEnabled && cluster.issuerUrl) continue;
      const disabled = !cluster.oidcIssuerEnabled;
      ctx.report({
        object: azureRef("ManagedCluster", cluster),
        messageId: disabled ? "disabled" : "noUrl",
        data: { cluster: cluster.name },
        evidence: {
          expected: { enabled: true, issuerUrl: "https://<region>.oic.prod-aks.azure.com/<tenant>/<guid>/" },
          actual: { enabled: cluster.oidcIssuerEnabled, issuerUrl: cluster.issuerUrl ?? null },
        },
        fixes: disabled ? [aksUpdate(cluster, ["--enable-oidc-issuer"], `Enable the OIDC issuer on cluster ${cluster.name}`)] : [],
      });
    }
  },
});
