import { azureRef, kubeRef } from "../engine/refs.js";
import { WI } from "../wi.js";
import { boundServiceAccounts } from "./shared/azure-bindings.js";
import { acceptsWebhookAudience, matchingFics } from "./shared/azure-fic.js";
import { rewriteFederatedCredential } from "../fixes/builders/index.js";
import { azFederatedCredential, example } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const ficAudienceInvalid = defineCheck({
  meta: {
    id: "fic-audience-invalid",
    severity: "error",
    data: ["A"],
    title: "The federated credential lacks the token audience",
    condition: "a matching FIC's `audiences` lacks the webhook audience (`api://AzureADTokenExchange`)",
    symptom: "AADSTS70021",
    description: `The workload identity webhook projects a ServiceAccount token whose \`aud\` claim is
\`api://AzureADTokenExchange\`, and Entra ID accepts it only through a federated credential whose
\`audiences\` list holds that exact value. Credentials created in the portal for another scenario, with
a custom audience, or with a typo (\`api://AzureADTokenExchange/\`, \`api://azureadtokenexchange\`) fail
with AADSTS70021 although issuer and subject are right.

The check reports credentials whose subject (and issuer, when the cluster is known) match the
ServiceAccount but whose audiences lack the webhook's, when no matching credential has it.

Fix: \`az identity federated-credential update ... --audiences api://AzureADTokenExchange\`. A credential
holds exactly one audience, so the webhook's replaces the one it has.`,
    messages: {
      missing: 'federated credential "{fic}" of identity {identity} matches ServiceAccount {sa} but its audiences ({actual}) lack "{expected}"',
    },
    needs: ["kube", "azure.identities", "azure.federatedCredentials"],
    fixable: true,
    examples: {
      bad: example(undefined, { federatedCredentials: [azFederatedCredential({ audiences: ["api://AzureADTokenExchange/"] })] }),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    for (const b of boundServiceAccounts(ctx.index)) {
      const identity = b.identity;
      if (!identity) continue;
      const matching = matchingFics(ctx.index, b);
      if (matching.length === 0 || matching.some(acceptsWebhookAudience)) continue;
      for (const fic of matching) {
        const nearly = fic.audiences.find((a) => a.replace(/\/+$/, "").toLowerCase() === WI.audience.toLowerCase());
        ctx.report({
          object: azureRef("FederatedIdentityCredential", fic),
          messageId: "missing",
          data: { fic: fic.name, identity: identity.name, sa: `${b.namespace}/${b.name}`, actual: fic.audiences.map((a) => `"${a}"`).join(", ") || "none", expected: WI.audience },
          evidence: { expected: WI.audience, actual: fic.audiences, ...(nearly !== undefined ? { nearMiss: nearly } : {}) },
          fixes: [rewriteFederatedCredential(identity, fic, {})],
          workload: b.workloads[0] ?? b.sa,
          related: [kubeRef(b.sa), azureRef("ManagedIdentity", identity)],
        });
      }
    }
  },
});
