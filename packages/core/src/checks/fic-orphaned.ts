import { clusterWithIssuer } from "./shared/azure-cluster.js";
import { unreadGap } from "../engine/coverage.js";
import { azureRef } from "../engine/refs.js";
import { boundServiceAccounts } from "./shared/azure-bindings.js";
import { nearMisses, parseSubject } from "./shared/azure-fic.js";
import { deleteFederatedCredential } from "../fixes/builders/index.js";
import { azFederatedCredential, example } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

const bare = (issuer: string) => issuer.replace(/\/+$/, "");

export const ficOrphaned = defineCheck({
  meta: {
    id: "fic-orphaned",
    severity: "info",
    data: ["A", "K"],
    title: "A federated credential names a ServiceAccount that does not exist",
    condition: "a FIC names a namespace/SA that does not exist in the cluster whose issuer it trusts",
    symptom: "stale trust, clutter toward the limit",
    description: `A federated credential that trusts this cluster's issuer for a ServiceAccount that no longer
exists (the app was removed, the namespace renamed) is stale: it grants nothing today, but anyone who
later creates a ServiceAccount of that name in that namespace gets the identity's access, and the
credential counts toward the identity's limit of 20.

The check needs a live cluster, because manifests may not hold every ServiceAccount; it compares the
credentials whose issuer is the chosen cluster's (ignoring a trailing slash) with the ServiceAccounts the
cluster has. A credential naming a namespace whose ServiceAccounts were not read (outside \`-n\`, or not
readable by the user) is left alone. A credential that is a near miss of an existing ServiceAccount's subject is left to
\`fic-subject-mismatch\`.

Fix: delete the credential with \`az identity federated-credential delete --name <fic> --identity-name <identity> -g <rg>\`.`,
    messages: {
      orphaned: 'federated credential "{fic}" of identity {identity} trusts ServiceAccount {sa}, which does not exist in cluster {cluster}',
      namespaceGone: 'federated credential "{fic}" of identity {identity} trusts ServiceAccount {sa}, whose namespace {namespace} does not exist in cluster {cluster}',
    },
    needs: ["cluster", "azure.clusters", "azure.federatedCredentials"],
    fixable: true,
    examples: {
      bad: example(undefined, { federatedCredentials: [azFederatedCredential(), azFederatedCredential({ name: "prod-app-old", subject: "system:serviceaccount:prod:app-old" })] }),
      good: example(undefined, {}),
      liveCluster: true,
    },
  },
  detect(ctx) {
    const chosen = clusterWithIssuer(ctx);
    if (!chosen) return;
    const { cluster, issuer } = chosen;
    const repairable = new Set(boundServiceAccounts(ctx.index).flatMap((b) => nearMisses(ctx.index, b).map((n) => n.fic)));
    const namespacesListed = ctx.snapshot.coverage.available.has("cluster.namespaces");
    const namespaces = new Set(ctx.index.byKind("Namespace").map((n) => n.name));
    const saNamespaces = new Set(ctx.index.byKind("ServiceAccount").map((s) => s.namespace ?? "default"));
    for (const fic of ctx.snapshot.azure.federatedCredentials) {
      if (bare(fic.issuer) !== bare(issuer) || repairable.has(fic)) continue;
      const named = parseSubject(fic.subject);
      if (!named || ctx.index.serviceAccount(named.namespace, named.name)) continue;
      // a namespace whose ServiceAccounts were not read (out of scope, forbidden) proves nothing
      if (unreadGap(ctx.snapshot.coverage, "serviceaccounts", named.namespace)) continue;
      const namespaceGone = namespacesListed && namespaces.size > 0 ? !namespaces.has(named.namespace) : !saNamespaces.has(named.namespace);
      ctx.report({
        object: azureRef("FederatedIdentityCredential", fic),
        messageId: namespaceGone ? "namespaceGone" : "orphaned",
        data: { fic: fic.name, identity: fic.identityName, sa: `${named.namespace}/${named.name}`, namespace: named.namespace, cluster: cluster.name },
        evidence: { subject: fic.subject, issuer: fic.issuer, namespaceExists: !namespaceGone, cluster: cluster.id },
        fixes: [deleteFederatedCredential(fic)],
      });
    }
  },
});
