import type { FederatedCredential, KeyVault, ManagedCluster, ManagedIdentity } from "../../model/azure.js";
import type { Fix } from "../../model/finding.js";
import { shq, updateFederatedCredential } from "../../fixes/builders.js";
import { WI } from "../../wi.js";

function idPart(id: string, segment: string): string | undefined {
  const parts = id.split("/");
  const i = parts.findIndex((p) => p.toLowerCase() === segment.toLowerCase());
  return i >= 0 ? parts[i + 1] : undefined;
}

/** `--subscription S` when the id names one, so a pasted command acts on the right subscription. */
function subscriptionFlag(id: string): string[] {
  const s = idPart(id, "subscriptions");
  return s ? [`--subscription ${shq(s)}`] : [];
}

/**
 * Rewrites a FIC in place with the given issuer and subject. Its audience becomes the webhook's:
 * Entra ID accepts exactly one audience per credential, so another one is replaced, not joined.
 */
export function rewriteFederatedCredential(identity: ManagedIdentity, fic: FederatedCredential, change: { issuer?: string; subject?: string }): Fix {
  const audiences = fic.audiences.includes(WI.audience) ? fic.audiences : [WI.audience];
  return updateFederatedCredential(identity, { name: fic.name, issuer: change.issuer ?? fic.issuer, subject: change.subject ?? fic.subject, audiences });
}

export function deleteFederatedCredential(fic: FederatedCredential): Fix {
  const command = [
    "az identity federated-credential delete",
    `--name ${shq(fic.name)}`,
    `--identity-name ${shq(fic.identityName)}`,
    `--resource-group ${shq(fic.resourceGroup ?? "RESOURCE_GROUP")}`,
    ...subscriptionFlag(fic.id),
    "--yes",
  ].join(" \\\n  ");
  return {
    title: `Delete federated credential "${fic.name}" from identity ${fic.identityName}`,
    snippet: { language: "shell", text: command },
    actions: [{ type: "azure", operation: "federatedCredential.delete", params: { identityId: fic.identityId, name: fic.name } }],
  };
}

/** Grants an access-policy permission on a vault that uses the access-policy permission model. */
export function setKeyVaultPolicy(vault: KeyVault, objectId: string, list: "secrets" | "keys" | "certificates", permission: string, subject: string): Fix {
  const flag = { secrets: "--secret-permissions", keys: "--key-permissions", certificates: "--certificate-permissions" }[list];
  const command = [
    "az keyvault set-policy",
    `--name ${shq(vault.name)}`,
    ...(vault.resourceGroup ? [`--resource-group ${shq(vault.resourceGroup)}`] : []),
    ...subscriptionFlag(vault.id),
    `--object-id ${objectId}`,
    `${flag} ${permission}`,
  ].join(" \\\n  ");
  return {
    title: `Allow ${subject} to ${permission} ${list} of vault ${vault.name} (access policy)`,
    snippet: { language: "shell", text: command },
    actions: [{ type: "azure", operation: "keyVault.setAccessPolicy", params: { vaultId: vault.id, objectId, tenantId: vault.tenantId, permissions: { [list]: [permission] } } }],
  };
}

/** `az aks update` with the given flags: shown to the user, run by hand (it may restart the control plane). */
export function aksUpdate(cluster: ManagedCluster, flags: string[], title: string): Fix {
  const command = [
    "az aks update",
    `--resource-group ${shq(cluster.resourceGroup ?? "RESOURCE_GROUP")}`,
    `--name ${shq(cluster.name)}`,
    ...subscriptionFlag(cluster.id),
    ...flags,
  ].join(" \\\n  ");
  return { title, snippet: { language: "shell", text: command }, actions: [{ type: "manual" }] };
}
