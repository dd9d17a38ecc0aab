import { azureRef, kubeRef } from "../engine/refs.js";
import type { ManagedIdentity } from "../model/azure.js";
import { setField } from "../fixes/builders/index.js";
import { isGuid } from "../util/guid.js";
import { editDistance } from "../util/text.js";
import { annotatedServiceAccounts, CLIENT_ID_PATH } from "./shared/azure-bindings.js";
import { DEPLOYMENT, example, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

const MAX_SUGGESTIONS = 3;

/** How well an identity's name fits a ServiceAccount (lower is better), or undefined when it does not. */
function fit(identityName: string, sa: string, namespace: string): number | undefined {
  const n = identityName.toLowerCase();
  const s = sa.toLowerCase();
  if (n === s || n === `${namespace}-${s}`.toLowerCase()) return 0;
  const tokens = n.split(/[^a-z0-9]+/).filter(Boolean);
  if (tokens.includes(s)) return 1;
  if (s.length >= 3 && n.includes(s)) return 2;
  const d = editDistance(n, s, 2);
  if (d <= 2) return 2 + d;
  if (tokens.includes(namespace.toLowerCase())) return 5;
  return undefined;
}

function suggestIdentities(identities: readonly ManagedIdentity[], sa: string, namespace: string): ManagedIdentity[] {
  return identities
    .map((i) => ({ i, score: fit(i.name, sa, namespace) }))
    .filter((x): x is { i: ManagedIdentity; score: number } => x.score !== undefined)
    .sort((a, b) => a.score - b.score || a.i.name.localeCompare(b.i.name))
    .slice(0, MAX_SUGGESTIONS)
    .map((x) => x.i);
}

export const saClientIdUnknown = defineCheck({
  meta: {
    id: "sa-client-id-unknown",
    severity: "error",
    data: ["A"],
    title: "The client-id matches no managed identity",
    condition: "`client-id` matches no identity visible in the scanned subscriptions (name it, suggest by identity name)",
    symptom: "AADSTS700016",
    description: `The ServiceAccount's \`azure.workload.identity/client-id\` is a GUID, but no exported managed identity
has it as client id (nor as principal id, which \`sa-client-id-is-principal-id\` reports). Usual causes: the
identity was deleted and recreated (a new identity gets new ids), the value was copied from another
environment or subscription, or it is a placeholder GUID from an example. Entra ID then answers
AADSTS700016 ("Application with identifier ... was not found in the directory").

The exports may not hold every subscription: \`az identity list\` lists the current subscription only, so
export the others too (\`--subscription\`) before concluding. Workload identity also accepts the client id
of an Entra ID application registration; if the annotation names one, this finding can be suppressed.

Fix: set the annotation to the client id of the intended identity (the finding suggests identities whose
name resembles the ServiceAccount's): \`az identity show -n <identity> -g <rg> --query clientId -o tsv\`.`,
    messages: {
      unknown: "ServiceAccount {sa} has client-id {value}, which matches none of the {count} exported managed identities{hint}",
    },
    needs: ["kube", "azure.identities"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: 0f9e8d7c-6b5a-4493-8271-605f4e3d2c1b   # an identity deleted and recreated since
`,
          DEPLOYMENT,
        ),
        {},
      ),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    const identities = ctx.snapshot.azure.identities;
    const subscriptions = [...new Set(identities.map((i) => i.subscriptionId).filter((s): s is string => s !== undefined))];
    for (const b of annotatedServiceAccounts(ctx.index)) {
      const value = b.clientId.trim();
      if (b.identity || !isGuid(value) || ctx.index.identityByPrincipalId(value)) continue;
      const suggestions = suggestIdentities(identities, b.name, b.namespace);
      ctx.report({
        object: b.sa,
        path: CLIENT_ID_PATH,
        messageId: "unknown",
        data: {
          sa: `${b.namespace}/${b.name}`,
          value: b.clientId,
          count: identities.length,
          hint: suggestions.length ? `; did you mean ${suggestions.map((s) => `${s.name} (${s.clientId})`).join(" or ")}?` : "",
        },
        evidence: {
          actual: b.clientId,
          expected: "the client id of an exported user-assigned managed identity",
          suggestions: suggestions.map((s) => ({ name: s.name, clientId: s.clientId, id: s.id })),
          identitiesExported: identities.length,
          subscriptionsExported: subscriptions,
        },
        fixes: suggestions.map((s) => setField(b.sa, CLIENT_ID_PATH, s.clientId, `Use identity ${s.name} (client id ${s.clientId})`)),
        ...(b.workloads[0] ? { workload: b.workloads[0] } : {}),
        related: [...suggestions.map((s) => azureRef("ManagedIdentity", s)), ...b.workloads.slice(1).map((w) => kubeRef(w.object))],
      });
    }
  },
});
