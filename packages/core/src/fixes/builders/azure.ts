import type { FederatedCredential, KeyVault, ManagedCluster, ManagedIdentity, RoleAssignment } from "../../model/azure.js";
import type { AzureStep, Fix } from "../../model/fix.js";
import { WI } from "../../wi.js";
import { manualFix } from "./kube.js";
import { shq } from "./shell.js";

function idPart(id: string, segment: string): string | undefined {
  const parts = id.split("/");
  const i = parts.findIndex((p) => p.toLowerCase() === segment.toLowerCase());
  return i >= 0 ? parts[i + 1] : undefined;
}

/** `--subscription S` when the id names one, so a pasted command acts on the right subscription. */
function subscriptionFlag(id: string | undefined): string[] {
  const s = id ? idPart(id, "subscriptions") : undefined;
  return s ? [`--subscription ${shq(s)}`] : [];
}

function azCommand(parts: string[]): string {
  return parts.join(" \\\n  ");
}

function azureFix(title: string, step: AzureStep): Fix {
  return { title, kind: "fix", snippet: { language: "shell", text: step.command }, plans: [{ target: "azure", steps: [step] }] };
}

function ficCommand(verb: "create" | "update", identity: { name: string; resourceGroup: string | undefined; id: string }, fic: { name: string; issuer: string; subject: string; audiences: string[] }): string {
  return azCommand([
    `az identity federated-credential ${verb}`,
    `--name ${shq(fic.name)}`,
    `--identity-name ${shq(identity.name)}`,
    `--resource-group ${shq(identity.resourceGroup ?? "RESOURCE_GROUP")}`,
    ...subscriptionFlag(identity.id),
    `--issuer ${shq(fic.issuer)}`,
    `--subject ${shq(fic.subject)}`,
    `--audiences ${fic.audiences.map(shq).join(" ")}`,
  ]);
}

export function createFederatedCredential(identity: ManagedIdentity, fic: { name: string; issuer: string; subject: string }): Fix {
  const params = { identityId: identity.id, name: fic.name, issuer: fic.issuer, subject: fic.subject, audiences: [WI.audience] };
  return azureFix(`Create federated credential "${fic.name}" on identity ${identity.name}`, {
    op: "federatedCredential.createOrUpdate",
    params,
    expect: { absent: true },
    command: ficCommand("create", identity, params),
  });
}

/**
 * Rewrites a FIC in place with the given issuer and subject. Its audience becomes the webhook's:
 * Entra ID accepts exactly one audience per credential, so another one is replaced, not joined.
 */
export function rewriteFederatedCredential(identity: ManagedIdentity, fic: FederatedCredential, change: { issuer?: string; subject?: string }): Fix {
  const audiences = fic.audiences.includes(WI.audience) ? fic.audiences : [WI.audience];
  const params = { identityId: identity.id, name: fic.name, issuer: change.issuer ?? fic.issuer, subject: change.subject ?? fic.subject, audiences };
  return azureFix(`Update federated credential "${fic.name}" on identity ${identity.name}`, {
    op: "federatedCredential.createOrUpdate",
    params,
    expect: { issuer: fic.issuer, subject: fic.subject, audiences: fic.audiences },
    command: ficCommand("update", identity, params),
  });
}

export function deleteFederatedCredential(fic: FederatedCredential): Fix {
  const command = azCommand([
    "az identity federated-credential delete",
    `--name ${shq(fic.name)}`,
    `--identity-name ${shq(fic.identityName)}`,
    `--resource-group ${shq(fic.resourceGroup ?? "RESOURCE_GROUP")}`,
    ...subscriptionFlag(fic.id),
    "--yes",
  ]);
  return azureFix(`Delete federated credential "${fic.name}" from identity ${fic.identityName}`, {
    op: "federatedCredential.delete",
    params: { identityId: fic.identityId, name: fic.name },
    command,
  });
}

export function createRoleAssignment(principalId: string, role: { name: string; roleName: string }, scope: string, subject: string): Fix {
  const command = azCommand([
    "az role assignment create",
    `--assignee-object-id ${principalId}`,
    "--assignee-principal-type ServicePrincipal",
    `--role ${shq(role.roleName)}`,
    `--scope ${shq(scope)}`,
  ]);
  return azureFix(`Grant "${role.roleName}" to ${subject} on ${scope.split("/").pop()}`, {
    op: "roleAssignment.create",
    params: { principalId, principalType: "ServicePrincipal", roleDefinitionGuid: role.name, roleName: role.roleName, scope },
    command,
  });
}

/**
 * Grants the role of a stray assignment (one made to a client id, which no principal has) to the
 * right principal, then removes the stray one, so that no assignment to nobody is left behind.
 */
export function reassignRole(stray: RoleAssignment, principalId: string, role: { name: string; roleName: string }, subject: string): Fix {
  const grant = createRoleAssignment(principalId, role, stray.scope, subject);
  const create = grant.plans[0]!.target === "azure" ? grant.plans[0]!.steps : [];
  const remove: AzureStep = {
    op: "roleAssignment.delete",
    params: { id: stray.id, principalId: stray.principalId, roleName: role.roleName, scope: stray.scope },
    command: azCommand(["az role assignment delete", `--ids ${shq(stray.id)}`]),
  };
  const steps = [...create, remove];
  return { ...grant, title: `${grant.title}, and remove the assignment to ${stray.principalId}`, snippet: { language: "shell", text: steps.map((s) => s.command).join("\n") }, plans: [{ target: "azure", steps }] };
}

/** Grants an access-policy permission on a vault that uses the access-policy permission model. */
export function setKeyVaultPolicy(vault: KeyVault, objectId: string, list: "secrets" | "keys" | "certificates", permission: string, subject: string): Fix {
  const flag = { secrets: "--secret-permissions", keys: "--key-permissions", certificates: "--certificate-permissions" }[list];
  const command = azCommand([
    "az keyvault set-policy",
    `--name ${shq(vault.name)}`,
    ...(vault.resourceGroup ? [`--resource-group ${shq(vault.resourceGroup)}`] : []),
    ...subscriptionFlag(vault.id),
    `--object-id ${objectId}`,
    `${flag} ${permission}`,
  ]);
  return azureFix(`Allow ${subject} to ${permission} ${list} of vault ${vault.name} (access policy)`, {
    op: "keyVault.setAccessPolicy",
    params: { vaultId: vault.id, objectId, tenantId: vault.tenantId, permissions: { [list]: [permission] } },
    command,
  });
}

/** `az aks update` with the given flags: shown to the user, run by hand (it may restart the control plane). */
export function aksUpdate(cluster: ManagedCluster, flags: string[], title: string): Fix {
  const command = azCommand([
    "az aks update",
    `--resource-group ${shq(cluster.resourceGroup ?? "RESOURCE_GROUP")}`,
    `--name ${shq(cluster.name)}`,
    ...subscriptionFlag(cluster.id),
    ...flags,
  ]);
  return manualFix(title, { language: "shell", text: command });
}
