import { azureRef, kubeRef } from "../engine/refs.js";
import { setField } from "../fixes/builders/index.js";
import { isGuid, sameGuid } from "../util/guid.js";
import { closest } from "../util/text.js";
import { WI } from "../wi.js";
import { podPath } from "../engine/workloads.js";
import { annotationsOf } from "./shared/azure-bindings.js";
import { intendedServiceAccount, unannotatedCsiBindings } from "./shared/azure-csi-bindings.js";
import { PARAMETERS_PATH, secretProviderClassUses, spcParams } from "./shared/azure-spc.js";
import { example, withSecrets } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

const param = (name: string) => [...PARAMETERS_PATH, name];

export const csiClientIdMismatch = defineCheck({
  meta: {
    id: "csi-client-id-mismatch",
    severity: "error",
    data: ["M", "K", "A"],
    title: "The SecretProviderClass names another identity or vault",
    condition: "a SecretProviderClass (`secrets-store.csi.x-k8s.io`) used by the pod has `clientID` different from its SA's `client-id`, or a `tenantID`/`keyvaultName` that does not resolve",
    symptom: "mount fails",
    description: `With workload identity, the Azure Key Vault provider of the Secrets Store CSI driver does not
use the pod's injected environment: it exchanges the pod's ServiceAccount token for the identity named by
the SecretProviderClass's own \`parameters.clientID\`, in the tenant \`parameters.tenantID\`, and reads from the
vault \`parameters.keyvaultName\`. When \`clientID\` is not the identity the ServiceAccount is annotated with,
the exchange needs a federated credential for this ServiceAccount on *that* identity, and usually fails
(AADSTS70021); a missing or wrong \`tenantID\` or a vault name that does not exist fails the mount, and the
pod stays in \`ContainerCreating\` with \`FailedMount\` events.

The class's identity is judged against the ServiceAccount the pods actually run as, which is \`default\`
when the pod template sets no \`serviceAccountName\`. When that ServiceAccount names no identity (no
client-id annotation) and the class's \`clientID\` is the one another ServiceAccount of the namespace is
annotated with, or (with Azure exports) the one whose federated credential trusts another ServiceAccount
of the namespace and not the pods' own, the pods run as the wrong ServiceAccount: the driver exchanges
the token of theirs, which that identity does not trust. Pods whose own ServiceAccount has a matching
credential are fine, whatever their annotations; a missing credential for it is \`fic-missing\`.

With manifests alone the check compares \`clientID\` with the ServiceAccount's client-id annotation and
requires \`tenantID\` and \`keyvaultName\`; with Azure exports it also resolves the tenant against the
identity and the vault, and the vault name against the exported vaults: an error when the name is a near
miss of an exported vault's, a warning otherwise, since \`az keyvault list -g\` exports one resource group
and the vault may live in another. The provider reads \`tenantID\`
and falls back to the older spelling \`tenantId\`, so either is accepted.

Fix: set \`clientID\` to the ServiceAccount's \`azure.workload.identity/client-id\` (or the other way round,
whichever identity holds the federated credential and the Key Vault role), \`tenantID\` to the identity's
tenant, and \`keyvaultName\` to the vault's name.`,
    messages: {
      clientId: "SecretProviderClass {spc} authenticates as client id {actual}, but workload {workload} runs as ServiceAccount {sa} annotated with {expected}",
      serviceAccount:
        "{workload} mounts SecretProviderClass {spc}, which authenticates as {clientId}, the identity of ServiceAccount {intended}, but its pods run as ServiceAccount {sa}, which names no identity: the driver exchanges the token of {sa}, not of {intended}",
      serviceAccountTrusted:
        "{workload} mounts SecretProviderClass {spc}, whose identity {identity} trusts ServiceAccount {intended}, but its pods run as ServiceAccount {sa}: the driver exchanges the token of {sa}, which no federated credential of that identity trusts",
      tenantMissing: "SecretProviderClass {spc} uses workload identity (clientID) but sets no tenantID",
      tenantMismatch: "SecretProviderClass {spc} has tenant {actual}, but {what} is in tenant {expected}",
      vaultMissing: "SecretProviderClass {spc} names no keyvaultName",
      vaultUnknown: "SecretProviderClass {spc} reads Key Vault {actual}, which is not among the {count} exported vaults{hint}",
    },
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(withSecrets({ clientId: "99999999-2222-4333-8444-555555555555" }), {}),
      good: example(withSecrets(), {}),
    },
  },
  detect(ctx) {
    const has = (k: Parameters<typeof ctx.snapshot.coverage.available.has>[0]) => ctx.snapshot.coverage.available.has(k);
    const vaultNames = ctx.snapshot.azure.keyVaults.map((v) => v.name);
    const judged = new Set<string>();
    const ficsLoaded = has("azure.federatedCredentials") && has("azure.identities");
    for (const b of unannotatedCsiBindings(ctx.index)) {
      const intended = intendedServiceAccount(ctx.index, b, ficsLoaded);
      if (!intended) continue;
      const spcName = `${b.spc.namespace}/${b.spc.name}`;
      const intendedName = `${intended.sa.namespace}/${intended.sa.name}`;
      for (const w of b.workloads) {
        const path = w.serviceAccountNameWritten ? podPath(w, "spec", w.podSpec["serviceAccountName"] !== undefined ? "serviceAccountName" : "serviceAccount") : podPath(w, "spec");
        const common = {
          object: w.object,
          path,
          evidence: { expected: intended.sa.name, actual: w.serviceAccountName, clientId: b.clientId, reason: intended.by },
          fixes: [setField(w.object, podPath(w, "spec", "serviceAccountName"), intended.sa.name, `Run the pods of ${w.kind} ${w.name} as ServiceAccount ${intended.sa.name}`)],
          workload: w,
          related: [kubeRef(b.spc, param("clientID")), kubeRef(intended.sa), ...(b.identity ? [azureRef("ManagedIdentity", b.identity)] : [])],
        };
        const workload = `${w.kind} ${w.namespace}/${w.name}`;
        const sa = `${b.namespace}/${b.serviceAccount}`;
        if (intended.by === "annotation") ctx.report({ ...common, messageId: "serviceAccount", data: { workload, spc: spcName, clientId: b.clientId, intended: intendedName, sa } });
        else ctx.report({ ...common, messageId: "serviceAccountTrusted", data: { workload, spc: spcName, identity: b.identity!.name, intended: intendedName, sa } });
      }
    }
    for (const use of secretProviderClassUses(ctx.index)) {
      const spc = use.spc;
      if (!spc) continue;
      const p = spcParams(spc);
      if (p.provider !== "azure" || !p.workloadIdentity) continue;
      const spcName = `${spc.namespace}/${spc.name}`;
      // Located only when reported: finding positions in the YAML is the costly part.
      const common = {
        workload: use.workload,
        get related() {
          return [kubeRef(use.workload.object, use.path)];
        },
      };

      // Per ServiceAccount: the class may be shared by workloads running as different ones.
      const sa = ctx.index.serviceAccount(use.workload.namespace, use.workload.serviceAccountName);
      const saClientId = sa ? annotationsOf(sa)[WI.clientIdAnnotation]?.trim() : undefined;
      const pairKey = `${spcName}|${use.workload.serviceAccountName}`;
      if (sa && saClientId && !judged.has(pairKey) && !sameGuid(saClientId, p.clientID)) {
        judged.add(pairKey);
        ctx.report({
          object: spc,
          path: param("clientID"),
          messageId: "clientId",
          data: { spc: spcName, actual: p.clientID!, workload: `${use.workload.kind}/${use.workload.name}`, sa: `${sa.namespace}/${sa.name}`, expected: saClientId },
          evidence: { expected: saClientId, actual: p.clientID, serviceAccount: `${sa.namespace}/${sa.name}` },
          fixes: [setField(spc, param("clientID"), saClientId, `Set clientID of SecretProviderClass ${spc.name} to the ServiceAccount's client id`)],
          ...common,
          related: [...common.related, kubeRef(sa, ["metadata", "annotations", WI.clientIdAnnotation])],
        });
      }

      if (judged.has(spcName)) continue;
      judged.add(spcName);
      const identity = has("azure.identities") ? ctx.index.identityByClientId(p.clientID!) : undefined;
      const vault = has("azure.keyVaults") && p.keyvaultName ? ctx.index.keyVaultByName(p.keyvaultName) : undefined;

      if (!p.tenantId) {
        const written = (["tenantID", "tenantId"] as const).find((k) => p.parameters[k] !== undefined);
        ctx.report({
          object: spc,
          path: written ? param(written) : [...PARAMETERS_PATH],
          messageId: "tenantMissing",
          data: { spc: spcName },
          evidence: { expected: identity?.tenantId ?? "the tenant of the identity", actual: written ? p.parameters[written] : "absent" },
          fixes: identity ? [setField(spc, param(written ?? "tenantID"), identity.tenantId, `Set ${written ?? "tenantID"} of SecretProviderClass ${spc.name}`)] : [],
          ...common,
        });
      } else if (isGuid(p.tenantId)) {
        const owner = identity ? { tenant: identity.tenantId, what: `identity ${identity.name}`, ref: azureRef("ManagedIdentity", identity) } : vault?.tenantId ? { tenant: vault.tenantId, what: `Key Vault ${vault.name}`, ref: azureRef("KeyVault", vault) } : undefined;
        if (owner && !sameGuid(owner.tenant, p.tenantId)) {
          const key = p.tenantKey!;
          ctx.report({
            object: spc,
            path: param(key),
            messageId: "tenantMismatch",
            data: { spc: spcName, actual: p.tenantId, what: owner.what, expected: owner.tenant },
            evidence: { expected: owner.tenant, actual: p.tenantId },
            fixes: [setField(spc, param(key), owner.tenant, `Set ${key} of SecretProviderClass ${spc.name} to ${owner.tenant}`)],
            ...common,
            related: [...common.related, owner.ref],
          });
        }
      }

      if (!p.keyvaultName) {
        ctx.report({ object: spc, path: [...PARAMETERS_PATH], messageId: "vaultMissing", data: { spc: spcName }, evidence: { expected: "the name of a Key Vault", actual: "absent" }, ...common });
      } else if (has("azure.keyVaults") && !vault) {
        const near = closest(p.keyvaultName, vaultNames, 3).slice(0, 3);
        ctx.report({
          object: spc,
          path: param("keyvaultName"),
          messageId: "vaultUnknown",
          // with no similar name the vault may well exist outside the exported resource groups
          ...(near.length ? {} : { severity: "warning" as const }),
          data: { spc: spcName, actual: p.keyvaultName, count: vaultNames.length, hint: near.length ? `; did you mean ${near.join(" or ")}?` : "" },
          evidence: { expected: "the name of an exported Key Vault", actual: p.keyvaultName, suggestions: near },
          fixes: near.map((n) => setField(spc, param("keyvaultName"), n, `Read from Key Vault ${n}`)),
          ...common,
        });
      }
    }
  },
});
