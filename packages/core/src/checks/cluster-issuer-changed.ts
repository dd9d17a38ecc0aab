import { clusterWithIssuer } from "./shared/azure-cluster.js";
import { azureRef, kubeRef } from "../engine/refs.js";
import { issuerChanges } from "./shared/azure-fic.js";
import { combineFixes, rewriteFederatedCredential } from "../fixes/builders/index.js";
import { azFederatedCredential, DEPLOYMENT, example, SERVICE_ACCOUNT, WORLD, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

/** Two workloads with their own ServiceAccounts, both using identity id-app: a rebuilt cluster breaks them alike. */
const MANIFESTS = yamlDocuments(
  SERVICE_ACCOUNT,
  DEPLOYMENT,
  `apiVersion: v1
kind: ServiceAccount
metadata:
  name: worker
  namespace: prod
  annotations:
    azure.workload.identity/client-id: ${WORLD.clientId}
`,
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: prod
spec:
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: worker
      containers:
        - name: worker
          image: contoso.azurecr.io/worker:1.4.2
`,
);

export const clusterIssuerChanged = defineCheck({
  meta: {
    id: "cluster-issuer-changed",
    severity: "error",
    data: ["A", "K"],
    title: "Federated credentials trust the cluster's old issuer",
    condition: "FICs for this cluster's service accounts use an issuer that is not the cluster's current one (cluster rebuilt or moved)",
    symptom: "every workload: AADSTS70021/700211",
    description: `Every AKS cluster has its own OIDC issuer URL, with a GUID in it. Recreating a cluster (same
name, new resource), restoring it elsewhere, or moving workloads to a new cluster gives the tokens a new
\`iss\`, while the federated credentials on the managed identities still trust the old one. Then every
workload that uses workload identity fails at once, with AADSTS70021 or AADSTS700211.

The check fires when the credentials of two or more of this cluster's ServiceAccounts all trust one
same issuer that is not the cluster's current one (and none trusts the current one): one finding for
the cluster, listing the credentials to update. A single mismatching credential, or one that differs
only by a trailing slash, is reported by \`fic-issuer-mismatch\` instead.

Fix: point the credentials at the current issuer (\`az aks show -n <cluster> -g <rg> --query
oidcIssuerProfile.issuerUrl -o tsv\`), with \`az identity federated-credential update ... --issuer <url>\`
for each, or create new ones beside the old while both clusters run (mind the 20-per-identity limit).`,
    messages: {
      changed:
        'cluster {cluster} issues tokens as "{current}", but the federated credentials of {count} ServiceAccounts ({sas}) trust "{old}": the cluster was rebuilt or moved',
    },
    needs: ["kube", "azure.clusters", "azure.identities", "azure.federatedCredentials"],
    fixable: true,
    examples: {
      bad: example(MANIFESTS, {
        federatedCredentials: [
          azFederatedCredential({ issuer: WORLD.oldIssuer }),
          azFederatedCredential({ name: "prod-worker", subject: "system:serviceaccount:prod:worker", issuer: WORLD.oldIssuer }),
        ],
      }),
      good: example(MANIFESTS, {
        federatedCredentials: [azFederatedCredential(), azFederatedCredential({ name: "prod-worker", subject: "system:serviceaccount:prod:worker" })],
      }),
    },
  },
  detect(ctx) {
    if (!clusterWithIssuer(ctx)) return;
    for (const change of issuerChanges(ctx.index)) {
      const sas = change.affected.map((a) => `${a.binding.namespace}/${a.binding.name}`);
      const fics = change.affected.flatMap((a) => a.fics.map((fic) => ({ identity: a.binding.identity!, fic })));
      const otherCluster = ctx.snapshot.azure.clusters.find((c) => c !== change.cluster && c.issuerUrl === change.oldIssuer);
      ctx.report({
        object: azureRef("ManagedCluster", change.cluster),
        messageId: "changed",
        data: { cluster: change.cluster.name, current: change.currentIssuer, old: change.oldIssuer, count: sas.length, sas: sas.join(", ") },
        evidence: {
          expected: change.currentIssuer,
          actual: change.oldIssuer,
          serviceAccounts: sas,
          federatedCredentials: change.affected.flatMap((a) => a.fics.map((f) => f.id)),
          ...(otherCluster ? { oldIssuerBelongsTo: otherCluster.id } : {}),
        },
        // one fix that updates every credential: each alone leaves the others failing
        fixes: [
          combineFixes(
            `Trust cluster ${change.cluster.name}'s current issuer in ${fics.length} federated credentials`,
            fics.map(({ identity, fic }) => rewriteFederatedCredential(identity, fic, { issuer: change.currentIssuer })),
          ),
        ],
        related: change.affected.flatMap((a) => [kubeRef(a.binding.sa), ...a.fics.map((f) => azureRef("FederatedIdentityCredential", f))]),
      });
    }
  },
});
