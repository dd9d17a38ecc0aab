import { defineCheck } from "./types.js";

export const clusterIssuerUnreachable = defineCheck({
  meta: {
    id: "cluster-issuer-unreachable",
    severity: "error",
    data: ["R"],
    title: "The cluster's OIDC issuer cannot be reached or verified",
    condition: "issuer's `/.well-known/openid-configuration` or its `jwks_uri` not served, or keys do not verify a minted token",
    symptom: "AADSTS90061",
    description: `Entra ID validates a projected ServiceAccount token by fetching the cluster issuer's discovery
document (\`<issuer>.well-known/openid-configuration\`) and the keys at its \`jwks_uri\`, then checking the
token's signature against them. When either cannot be fetched from the internet (a self-managed cluster
whose issuer is private, a storage account or bucket that hosts the documents but blocks anonymous reads,
a deleted static website), or the published keys no longer match the key that signs tokens (the signing
key was rotated but the JWKS was not republished), the exchange fails with AADSTS90061 or
AADSTS50166/AADSTS700027, for every workload of the cluster at once.

This check needs runtime evidence: fetching the discovery document and the JWKS from outside the
cluster, and a token minted for a ServiceAccount (\`kubectl create token\`) to verify against them. It is
not implemented in this version of wid.

Fix: on AKS, the issuer is hosted by Azure; enable it with \`az aks update --enable-oidc-issuer\` and
use the URL it reports. On a self-managed cluster, publish both documents at a public HTTPS URL equal to
the API server's \`--service-account-issuer\`, and republish the JWKS after every key rotation.`,
    messages: {},
    needs: ["runtime.issuer"],
    fixable: false,
  },
});
