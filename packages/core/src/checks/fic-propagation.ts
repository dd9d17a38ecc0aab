import { azureRef, kubeRef } from "../engine/refs.js";
import { boundServiceAccounts } from "./shared/azure-bindings.js";
import { acceptsWebhookAudience, matchingFics } from "./shared/azure-fic.js";
import { azFederatedCredential, example } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

/** How long after creation a FIC may still be unknown to the token endpoint. */
export const FIC_PROPAGATION_MINUTES = 10;

export const ficPropagation = defineCheck({
  meta: {
    id: "fic-propagation",
    severity: "info",
    data: ["A"],
    title: "The federated credential was created minutes ago",
    condition: "the matching FIC was created minutes ago",
    symptom: "transient AADSTS70021",
    description: `A new federated identity credential is not usable at once. Microsoft's AKS workload identity
guide notes that it takes a few seconds to propagate and that a token request made right after creating it
can fail until the directory's cache is refreshed; earlier versions of the guide warned of failures for a
couple of minutes. Pods started in that window log AADSTS70021 although the credential is right, and the
SDK retries only so long.

The check reports, for information, a ServiceAccount whose only matching credentials were created less
than ${FIC_PROPAGATION_MINUTES} minutes before the state was read (\`systemData.createdAt\`), so that a
fresh AADSTS70021 is not chased as a misconfiguration.

Fix: wait a few minutes, then restart the pods (\`kubectl rollout restart\`) if they gave up. In
automation, pause after \`az identity federated-credential create\` before starting workloads.`,
    messages: {
      recent:
        'federated credential "{fic}" for ServiceAccount {sa} was created {minutes} min ago; token exchanges may fail until it has propagated (allow about {window} min)',
    },
    needs: ["kube", "azure.identities", "azure.federatedCredentials"],
    fixable: false,
    examples: {
      bad: example(undefined, { federatedCredentials: [azFederatedCredential({ createdAt: "2099-01-01T00:00:00Z" })] }),
      good: example(undefined, {}),
      note: "The credential of `bad/` is dated in the future, so that the example stays \"just created\" whenever you run it.",
    },
  },
  detect(ctx) {
    const windowMs = FIC_PROPAGATION_MINUTES * 60_000;
    for (const b of boundServiceAccounts(ctx.index)) {
      const identity = b.identity;
      if (!identity) continue;
      const working = matchingFics(ctx.index, b).filter(acceptsWebhookAudience);
      if (working.length === 0) continue;
      const created = working.map((f) => ({ f, at: f.createdAt ? Date.parse(f.createdAt) : Number.NaN }));
      // An older (or undated) working credential means propagation is not the issue.
      if (created.some((c) => Number.isNaN(c.at) || ctx.snapshot.now - c.at >= windowMs)) continue;
      const first = created.reduce((a, c) => (c.at < a.at ? c : a));
      const ageMs = Math.max(0, ctx.snapshot.now - first.at);
      ctx.report({
        object: azureRef("FederatedIdentityCredential", first.f),
        messageId: "recent",
        data: { fic: first.f.name, sa: `${b.namespace}/${b.name}`, minutes: Math.floor(ageMs / 60_000), window: FIC_PROPAGATION_MINUTES },
        evidence: { createdAt: first.f.createdAt, ageSeconds: Math.round(ageMs / 1000), windowMinutes: FIC_PROPAGATION_MINUTES },
        workload: b.workloads[0] ?? b.sa,
        related: [kubeRef(b.sa), azureRef("ManagedIdentity", identity)],
      });
    }
  },
});
