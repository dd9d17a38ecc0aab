import { azureRef, kubeRef } from "../engine/refs.js";
import { boundServiceAccounts } from "./shared/azure-bindings.js";
import { clusterIssuer, nearMisses, type NearMissKind } from "./shared/azure-fic.js";
import { rewriteFederatedCredential } from "../fixes/builders/index.js";
import { azFederatedCredential, example } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

const HOW: Record<NearMissKind, string> = {
  whitespace: "has stray whitespace",
  case: "differs only in letter case",
  "plural-prefix": 'uses the group prefix "system:serviceaccounts:"',
  "missing-prefix": 'lacks the "system:serviceaccount:" prefix',
  "prefix-typo": 'misspells the "system:serviceaccount:" prefix',
  swapped: "swaps namespace and name",
  "namespace-typo": "misspells the namespace",
  "name-typo": "misspells the ServiceAccount name",
};

export const ficSubjectMismatch = defineCheck({
  meta: {
    id: "fic-subject-mismatch",
    severity: "error",
    data: ["A"],
    title: "The federated credential's subject is a near miss",
    condition: "a FIC's subject is a near miss of the expected one (case, whitespace, `serviceaccounts` prefix, namespace/name typo)",
    symptom: "AADSTS700213 / 7002138",
    description: `Entra ID compares a federated credential's \`subject\` with the token's \`sub\` claim as an exact,
case-sensitive string. Kubernetes writes that claim as \`system:serviceaccount:<namespace>:<name>\`
(singular \`serviceaccount\`, one colon between each part, no spaces). A subject typed by hand easily
nearly matches: \`System:ServiceAccount:prod:app\`, a trailing space, \`system:serviceaccounts:prod:app\`
(that is the prefix of the namespace's *group*, which never appears in \`sub\`), \`prod:app\` without the
prefix, namespace and name swapped, or a one-letter typo in either. The token exchange then fails with
AADSTS700213 ("No matching federated identity record found for presented assertion subject").

The check reports a FIC of the ServiceAccount's identity whose subject is such a near miss, when no FIC
has the exact subject. A subject that exactly names another ServiceAccount that exists is left alone:
it belongs to that one.

Fix: correct the subject in place (keeping the credential's name), for example
\`az identity federated-credential update --name <fic> --identity-name <identity> -g <rg> --issuer <issuer> --subject system:serviceaccount:prod:app --audiences api://AzureADTokenExchange\`.`,
    messages: {
      nearMiss: 'federated credential "{fic}" of identity {identity} has subject "{actual}", which {how}; ServiceAccount {sa} presents "{expected}"',
    },
    needs: ["kube", "azure.identities", "azure.federatedCredentials"],
    fixable: true,
    examples: {
      bad: example(undefined, { federatedCredentials: [azFederatedCredential({ subject: "system:serviceaccounts:prod:app" })] }),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    const issuer = clusterIssuer(ctx.index);
    for (const b of boundServiceAccounts(ctx.index)) {
      const identity = b.identity;
      if (!identity) continue;
      for (const { fic, kind } of nearMisses(ctx.index, b)) {
        ctx.report({
          object: azureRef("FederatedIdentityCredential", fic),
          messageId: "nearMiss",
          data: { fic: fic.name, identity: identity.name, actual: fic.subject, how: HOW[kind], sa: `${b.namespace}/${b.name}`, expected: b.subject },
          evidence: { expected: b.subject, actual: fic.subject, kind, identity: identity.id },
          fixes: [rewriteFederatedCredential(identity, fic, { subject: b.subject, ...(issuer ? { issuer } : {}) })],
          workload: b.workloads[0] ?? b.sa,
          related: [kubeRef(b.sa), azureRef("ManagedIdentity", identity)],
        });
      }
    }
  },
});
