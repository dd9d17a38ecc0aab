import { azureRef, kubeRef } from "../engine/refs.js";
import type { ManagedIdentity } from "../model/azure.js";
import type { Fix } from "../model/fix.js";
import { createFederatedCredential } from "../fixes/builders/index.js";
import { WI } from "../wi.js";
import { boundServiceAccounts, CLIENT_ID_PATH } from "./shared/azure-bindings.js";
import { exactCsiFics, intendedServiceAccount, unannotatedCsiBindings } from "./shared/azure-csi-bindings.js";
import { PARAMETERS_PATH } from "./shared/azure-spc.js";
import { clusterIssuer, exactSubjectFics, ficNameFor, nearMisses } from "./shared/azure-fic.js";
import { example } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const ficMissing = defineCheck({
  meta: {
    id: "fic-missing",
    severity: "error",
    data: ["A"],
    title: "No federated credential for the ServiceAccount",
    condition: "the identity has no FIC whose subject is `system:serviceaccount:<ns>:<sa>`",
    symptom: "AADSTS70021 / 700213",
    description: `Entra ID trusts a Kubernetes token only through a **federated identity credential** (FIC) on
the managed identity: its \`issuer\` must equal the token's \`iss\` (the cluster's OIDC issuer URL), its
\`subject\` must equal the token's \`sub\`, which is \`system:serviceaccount:<namespace>:<serviceaccount>\`,
and its \`audiences\` must hold \`api://AzureADTokenExchange\`. When no FIC of the identity named by the
ServiceAccount's \`azure.workload.identity/client-id\` has that subject, every token exchange fails with
AADSTS70021 ("No matching federated identity record found") or AADSTS700213. The Secrets Store CSI driver
exchanges the same token for the identity of a workload identity SecretProviderClass, so a ServiceAccount
whose pods mount one as their annotated identity needs the credential too, labelled pods or not; and when
the pods' ServiceAccount names no identity (very often \`default\`, because the pod template sets no
\`serviceAccountName\`), the class's \`clientID\` is the identity that needs a credential for *that*
ServiceAccount (reported at the class's \`clientID\`, unless the class's identity is meant for another
ServiceAccount of the namespace, which is \`csi-client-id-mismatch\`). Pods on
AKS identity bindings (annotated \`azure.workload.identity/use-identity-binding: "true"\`, or a
SecretProviderClass with \`useAzureTokenProxy\`) go through a token proxy and one credential per identity
that AKS manages: they are not judged here.

This check stays quiet when a FIC with a near-miss subject exists (a typo, the wrong case, a
\`serviceaccounts\` prefix): that is \`fic-subject-mismatch\`, whose fix corrects the existing credential.
A flexible credential (a claims matching expression instead of a subject) that trusts the cluster's issuer
may match the ServiceAccount; wid does not evaluate such expressions, and stays quiet for its identity.
A FIC export covers one identity at a time (\`az identity federated-credential list --identity-name\`):
export the credentials of every identity your ServiceAccounts use.

Fix: create the credential (an identity holds at most 20):

\`\`\`sh
az identity federated-credential create --name <ns>-<sa> \\
  --identity-name <identity> --resource-group <rg> \\
  --issuer "$(az aks show -n <cluster> -g <rg> --query oidcIssuerProfile.issuerUrl -o tsv)" \\
  --subject system:serviceaccount:<ns>:<sa> --audiences api://AzureADTokenExchange
\`\`\``,
    messages: {
      missing:
        'identity {identity} has no federated credential for ServiceAccount {sa} (subject "{subject}"), so Entra ID rejects its tokens',
      noFics: "identity {identity} has no federated credential at all in the exports, so Entra ID rejects the tokens of ServiceAccount {sa}",
      missingForCsi:
        'identity {identity} of SecretProviderClass {spc} has no federated credential for ServiceAccount {sa} (subject "{subject}"), which {workload} runs as: the CSI driver\'s token exchange fails and the mount with it',
    },
    needs: ["kube", "azure.identities", "azure.federatedCredentials"],
    fixable: true,
    examples: {
      bad: example(undefined, { federatedCredentials: [] }),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    const issuer = clusterIssuer(ctx.index);
    for (const b of unannotatedCsiBindings(ctx.index)) {
      const identity = b.identity;
      if (!identity || exactCsiFics(ctx.index, b).length > 0 || intendedServiceAccount(ctx.index, b, true)) continue;
      const all = ctx.index.ficsOf(identity);
      if (all.some((f) => f.subject === "" && (issuer === undefined || f.issuer === issuer))) continue;
      const name = ficNameFor(b.namespace, b.serviceAccount, all);
      const w = b.workloads[0]!;
      ctx.report({
        object: b.spc,
        path: [...PARAMETERS_PATH, "clientID"],
        messageId: "missingForCsi",
        data: { identity: identity.name, spc: `${b.spc.namespace}/${b.spc.name}`, sa: `${b.namespace}/${b.serviceAccount}`, subject: b.subject, workload: `${w.kind} ${w.namespace}/${w.name}` },
        evidence: {
          expected: { issuer: issuer ?? "the cluster's OIDC issuer URL", subject: b.subject, audiences: [WI.audience] },
          actual: all.map((f) => ({ name: f.name, issuer: f.issuer, subject: f.subject })),
          identity: identity.id,
          ficCount: all.length,
          limitReached: all.length >= WI.maxFicsPerIdentity,
          serviceAccountNameWritten: w.serviceAccountNameWritten,
        },
        fixes: [createFicFix(identity, name, issuer, b.subject)],
        workload: w,
        related: [azureRef("ManagedIdentity", identity), ...b.workloads.slice(1).map((x) => kubeRef(x.object)), ...(b.sa ? [kubeRef(b.sa)] : [])],
      });
    }
    for (const b of boundServiceAccounts(ctx.index)) {
      const identity = b.identity;
      if (!identity) continue;
      if (exactSubjectFics(ctx.index, b).length > 0 || nearMisses(ctx.index, b).length > 0) continue;
      const all = ctx.index.ficsOf(identity);
      // a flexible credential (claims matching expression, no subject) for this issuer may match: not judged
      if (all.some((f) => f.subject === "" && (issuer === undefined || f.issuer === issuer))) continue;
      const name = ficNameFor(b.namespace, b.name, all);
      const fixes: Fix[] = [createFicFix(identity, name, issuer, b.subject)];
      ctx.report({
        object: b.sa,
        path: CLIENT_ID_PATH,
        messageId: all.length === 0 ? "noFics" : "missing",
        data: { identity: identity.name, sa: `${b.namespace}/${b.name}`, subject: b.subject },
        evidence: {
          expected: { issuer: issuer ?? "the cluster's OIDC issuer URL", subject: b.subject, audiences: [WI.audience] },
          actual: all.map((f) => ({ name: f.name, issuer: f.issuer, subject: f.subject })),
          identity: identity.id,
          ficCount: all.length,
          limitReached: all.length >= WI.maxFicsPerIdentity,
        },
        fixes,
        workload: b.workloads[0] ?? b.sa,
        related: [azureRef("ManagedIdentity", identity), ...b.workloads.slice(1).map((w) => kubeRef(w.object))],
      });
    }
  },
});

/** Creates the credential; without a known issuer, a suggestion whose command reads it from the cluster. */
function createFicFix(identity: ManagedIdentity, name: string, issuer: string | undefined, subject: string): Fix {
  if (issuer !== undefined) return createFederatedCredential(identity, { name, issuer, subject });
  return {
    title: `Create federated credential "${name}" on identity ${identity.name} (issuer from the cluster)`,
    snippet: {
      language: "shell",
      text: createFederatedCredential(identity, { name, issuer: "ISSUER", subject })
        .snippet!.text.replace("--issuer ISSUER", '--issuer "$(az aks show -n CLUSTER -g RESOURCE_GROUP --query oidcIssuerProfile.issuerUrl -o tsv)"'),
    },
    kind: "suggestion",
    plans: [],
    choices: [{ what: "issuer", question: "Which OIDC issuer URL does the cluster issue its tokens with?" }],
  };
}
