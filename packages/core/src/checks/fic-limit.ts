import { azureRef } from "../engine/refs.js";
import { WI } from "../wi.js";
import { azFederatedCredential, example, WORLD } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

/** Warn this many credentials before the hard limit. */
const WARN_AT = WI.maxFicsPerIdentity - 2;

export const ficLimit = defineCheck({
  meta: {
    id: "fic-limit",
    severity: "warning",
    data: ["A"],
    title: "The identity is at or near the 20 federated credential limit",
    condition: "identity has 18+ FICs (E at 20: no more can be added)",
    symptom: "create fails",
    description: `A user-assigned managed identity holds at most 20 federated identity credentials. Sharing one
identity across many ServiceAccounts, namespaces or clusters fills it up, and the next
\`az identity federated-credential create\` fails, typically while onboarding a new workload or cluster.

The check warns from 18 credentials and reports an error at 20.

Fix: delete stale credentials (\`fic-orphaned\` lists those whose ServiceAccount no longer exists), or
split workloads across more identities: one identity per application is the usual granularity.`,
    messages: {
      near: "identity {identity} has {count} of at most {limit} federated credentials",
      full: "identity {identity} has {count} federated credentials, the maximum: no more can be added",
    },
    needs: ["azure.identities", "azure.federatedCredentials"],
    fixable: false,
    examples: {
      bad: example(undefined, {
        federatedCredentials: [
          azFederatedCredential(),
          // the same ServiceAccount on 17 more clusters, one credential each
          ...Array.from({ length: 17 }, (_, i) =>
            azFederatedCredential({
              name: `aks-edge-${String(i + 1).padStart(2, "0")}`,
              issuer: `https://westeurope.oic.prod-aks.azure.com/${WORLD.tenantId}/7d0e5c1a-0000-4000-8000-${String(i + 1).padStart(12, "0")}/`,
            }),
          ),
        ],
      }),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    for (const identity of ctx.snapshot.azure.identities) {
      const count = ctx.index.ficsOf(identity).length;
      if (count < WARN_AT) continue;
      const full = count >= WI.maxFicsPerIdentity;
      ctx.report({
        object: azureRef("ManagedIdentity", identity),
        messageId: full ? "full" : "near",
        severity: full ? "error" : "warning",
        data: { identity: identity.name, count, limit: WI.maxFicsPerIdentity },
        evidence: { expected: `fewer than ${WARN_AT} federated credentials`, actual: count, limit: WI.maxFicsPerIdentity },
      });
    }
  },
});
