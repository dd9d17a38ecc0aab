import { clusterWithIssuer } from "./shared/azure-cluster.js";
import { azureRef, kubeRef } from "../engine/refs.js";
import type { ManagedCluster } from "../model/azure.js";
import { boundServiceAccounts } from "./shared/azure-bindings.js";
import { clusterIssuer, exactSubjectFics, explainedByIssuerChange, trailingSlashOnly } from "./shared/azure-fic.js";
import { rewriteFederatedCredential } from "../fixes/builders/index.js";
import { azFederatedCredential, example, WORLD } from "./shared/example-world.js";
import { defineCheck, type CheckContext } from "./types.js";

const messages = {
    mismatch: 'federated credential "{fic}" of identity {identity} trusts issuer "{actual}", but cluster {cluster} issues tokens as "{expected}"',
    noCluster: 'federated credential "{fic}" of identity {identity} trusts issuer "{actual}", which is the issuer of none of the exported clusters ({clusters})',
    trailingSlash:
      'federated credential "{fic}" of identity {identity} trusts issuer "{actual}", which differs from cluster {cluster}\'s "{expected}" only by the trailing slash (Entra ID compares issuers exactly)',
} as const;

export const ficIssuerMismatch = defineCheck({
  meta: {
    id: "fic-issuer-mismatch",
    severity: "error",
    data: ["A"],
    title: "The federated credential's issuer is not the cluster's",
    condition: "a FIC has the right subject but an issuer other than the cluster's (show both; call out a trailing-slash-only difference)",
    symptom: "AADSTS700211",
    description: `A federated credential matches a token only when its \`issuer\` equals the token's \`iss\` claim
**exactly**. On AKS that is the cluster's OIDC issuer URL (\`az aks show --query oidcIssuerProfile.issuerUrl\`),
which ends with a slash: \`https://<region>.oic.prod-aks.azure.com/<tenant>/<guid>/\`. A credential created
with the slash stripped, with another cluster's URL, or with the issuer of a cluster that has since been
rebuilt, fails with AADSTS700211 ("No matching federated identity record found for presented assertion
issuer").

The check reports FICs whose subject is exactly the ServiceAccount's but whose issuer is not the
cluster's, when no FIC of the identity has both. It needs to know the cluster: export it with
\`az aks show\`. When the exports hold several clusters and none is chosen with \`--cluster\`, it reports
credentials that trust none of the exported clusters' issuers, with a fix for each cluster. When several
ServiceAccounts' credentials all trust one same old issuer, the cluster was rebuilt or moved:
\`cluster-issuer-changed\` reports that once, and this check stays quiet for those credentials.

Fix: update the credential's issuer to the cluster's, copied from \`az aks show\` as printed (keep the
trailing slash).`,
    messages,
    needs: ["kube", "azure.clusters", "azure.identities", "azure.federatedCredentials"],
    fixable: true,
    examples: {
      bad: example(undefined, { federatedCredentials: [azFederatedCredential({ issuer: WORLD.issuer.replace(/\/$/, "") })] }),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    const issuer = clusterIssuer(ctx.index);
    const cluster = ctx.index.cluster;
    if (!cluster && ctx.snapshot.options.clusterName === undefined) {
      judgeAgainstAll(ctx, ctx.snapshot.azure.clusters.filter((c) => c.issuerUrl));
      return;
    }
    if (!clusterWithIssuer(ctx) || issuer === undefined || !cluster) return;
    for (const b of boundServiceAccounts(ctx.index)) {
      const identity = b.identity;
      if (!identity) continue;
      const fics = exactSubjectFics(ctx.index, b);
      if (fics.some((f) => f.issuer === issuer)) continue;
      for (const fic of fics) {
        if (explainedByIssuerChange(ctx.index, fic)) continue;
        const slash = trailingSlashOnly(fic.issuer, issuer);
        ctx.report({
          object: azureRef("FederatedIdentityCredential", fic),
          messageId: slash ? "trailingSlash" : "mismatch",
          data: { fic: fic.name, identity: identity.name, actual: fic.issuer, expected: issuer, cluster: cluster.name },
          evidence: { expected: issuer, actual: fic.issuer, trailingSlashOnly: slash, subject: fic.subject, cluster: cluster.id },
          fixes: [rewriteFederatedCredential(identity, fic, { issuer })],
          workload: b.workloads[0] ?? b.sa,
          related: [kubeRef(b.sa), azureRef("ManagedIdentity", identity), azureRef("ManagedCluster", cluster)],
        });
      }
    }
  },
});

/**
 * With several clusters exported and none chosen, the tokens' issuer is one of theirs: a credential
 * with the ServiceAccount's subject that trusts none of them fails whichever cluster runs the pods.
 */
function judgeAgainstAll(ctx: CheckContext<typeof messages>, clusters: ManagedCluster[]): void {
  if (clusters.length < 2) return;
  const issuers = new Set(clusters.map((c) => c.issuerUrl!));
  for (const b of boundServiceAccounts(ctx.index)) {
    const identity = b.identity;
    if (!identity) continue;
    const fics = exactSubjectFics(ctx.index, b);
    if (fics.some((f) => issuers.has(f.issuer))) continue;
    for (const fic of fics) {
      const near = clusters.find((c) => trailingSlashOnly(fic.issuer, c.issuerUrl!));
      const candidates = near ? [near] : clusters;
      ctx.report({
        object: azureRef("FederatedIdentityCredential", fic),
        messageId: near ? "trailingSlash" : "noCluster",
        data: { fic: fic.name, identity: identity.name, actual: fic.issuer, expected: near?.issuerUrl ?? "", cluster: near?.name ?? "", clusters: clusters.map((c) => c.name).join(", ") },
        evidence: { expected: { anyOf: clusters.map((c) => ({ cluster: c.name, issuer: c.issuerUrl })) }, actual: fic.issuer, trailingSlashOnly: near !== undefined, subject: fic.subject },
        fixes: candidates.map((c) => ({ ...rewriteFederatedCredential(identity, fic, { issuer: c.issuerUrl! }), title: `Trust cluster ${c.name}'s issuer in federated credential "${fic.name}"` })),
        workload: b.workloads[0] ?? b.sa,
        related: [kubeRef(b.sa), azureRef("ManagedIdentity", identity), ...candidates.map((c) => azureRef("ManagedCluster", c))],
      });
    }
  }
}
