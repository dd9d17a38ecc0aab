import { stringify } from "yaml";
import type { Fix, FixAction } from "../model/finding.js";
import type { Path } from "../model/location.js";
import type { KubeObject, ObjectRef } from "../model/kube.js";
import type { ManagedIdentity } from "../model/azure.js";
import { WI } from "../wi.js";
import { kubeRef } from "../engine/refs.js";

/** A nested object holding `value` at `path`: the merge patch that sets one field. */
export function nest(path: Path, value: unknown): Record<string, unknown> {
  let out: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) out = { [String(path[i])]: out };
  return out as Record<string, unknown>;
}

function targetRef(o: KubeObject): ObjectRef {
  const { kind, name, namespace, apiVersion } = kubeRef(o);
  return { kind, name, apiVersion: apiVersion ?? o.apiVersion, ...(namespace !== undefined ? { namespace } : {}) };
}

/**
 * Sets (or, with `undefined`, removes) one field of an object: an edit of its manifest when it
 * came from a file, and the equivalent merge patch for a live object. `path` has only map keys.
 */
export function setField(o: KubeObject, path: Path, value: unknown, title: string): Fix {
  const actions: FixAction[] = [];
  if (o.origin) {
    actions.push({
      type: "manifest-edit",
      file: o.origin.file,
      edits: [{ documentIndex: o.origin.documentIndex, path: [...o.origin.basePath, ...path], op: value === undefined ? "delete" : "set", ...(value === undefined ? {} : { value }) }],
    });
  }
  actions.push({ type: "kube-patch", target: targetRef(o), patchType: "merge", patch: nest(path, value === undefined ? null : value) });
  return { title, snippet: { language: "yaml", text: stringify(nest(path, value === undefined ? null : value)).trimEnd() }, actions };
}

/** Renames a map key in place (a misspelled annotation), keeping its value. */
export function renameKey(o: KubeObject, parent: Path, from: string, to: string, value: string, title: string): Fix {
  const actions: FixAction[] = [];
  if (o.origin) {
    actions.push({
      type: "manifest-edit",
      file: o.origin.file,
      edits: [{ documentIndex: o.origin.documentIndex, path: [...o.origin.basePath, ...parent, from], op: "rename-key", newKey: to }],
    });
  }
  actions.push({ type: "kube-patch", target: targetRef(o), patchType: "merge", patch: nest(parent, { [from]: null, [to]: value }) });
  return { title, snippet: { language: "yaml", text: stringify(nest(parent, { [to]: value })).trimEnd() }, actions };
}

/** Quotes a value for a POSIX shell when it needs it. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_./:@=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function createFederatedCredential(identity: ManagedIdentity, fic: { name: string; issuer: string; subject: string }): Fix {
  const rg = identity.resourceGroup ?? "RESOURCE_GROUP";
  const command = [
    "az identity federated-credential create",
    `--name ${shq(fic.name)}`,
    `--identity-name ${shq(identity.name)}`,
    `--resource-group ${shq(rg)}`,
    ...(identity.subscriptionId ? [`--subscription ${shq(identity.subscriptionId)}`] : []),
    `--issuer ${shq(fic.issuer)}`,
    `--subject ${shq(fic.subject)}`,
    `--audiences ${WI.audience}`,
  ].join(" \\\n  ");
  return {
    title: `Create federated credential "${fic.name}" on identity ${identity.name}`,
    snippet: { language: "shell", text: command },
    actions: [
      {
        type: "azure",
        operation: "federatedCredential.createOrUpdate",
        params: { identityId: identity.id, name: fic.name, issuer: fic.issuer, subject: fic.subject, audiences: [WI.audience] },
      },
    ],
  };
}

/** Updates an existing FIC in place (same name): issuer, subject and audiences. */
export function updateFederatedCredential(identity: ManagedIdentity, fic: { name: string; issuer: string; subject: string; audiences: string[] }): Fix {
  const base = createFederatedCredential(identity, fic);
  const command = base.snippet!.text.replace("federated-credential create", "federated-credential update").replace(
    `--audiences ${WI.audience}`,
    `--audiences ${fic.audiences.map(shq).join(" ")}`,
  );
  return {
    title: `Update federated credential "${fic.name}" on identity ${identity.name}`,
    snippet: { language: "shell", text: command },
    actions: [{ type: "azure", operation: "federatedCredential.createOrUpdate", params: { identityId: identity.id, ...fic } }],
  };
}

export function createRoleAssignment(principalId: string, role: { name: string; roleName: string }, scope: string, subject: string): Fix {
  const command = [
    "az role assignment create",
    `--assignee-object-id ${principalId}`,
    "--assignee-principal-type ServicePrincipal",
    `--role ${shq(role.roleName)}`,
    `--scope ${shq(scope)}`,
  ].join(" \\\n  ");
  return {
    title: `Grant "${role.roleName}" to ${subject} on ${scope.split("/").pop()}`,
    snippet: { language: "shell", text: command },
    actions: [{ type: "azure", operation: "roleAssignment.create", params: { principalId, principalType: "ServicePrincipal", roleDefinitionGuid: role.name, scope } }],
  };
}
