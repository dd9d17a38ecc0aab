import type { RoleAssignment } from "../../model/azure.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import { grantsAt } from "../../azure/grants.js";
import type { AccessTarget } from "./azure-targets.js";

/**
 * Assignments that give a target's access to the wrong principal: to the identity's client id
 * (when no identity has that GUID as its principal id), or to another identity of the same name.
 * rbac-assigned-to-wrong-principal reports them, with the assignment to make instead.
 */
export function misdirectedGrants(index: SnapshotIndex, t: AccessTarget): RoleAssignment[] {
  const out: RoleAssignment[] = [];
  if (!index.identityByPrincipalId(t.identity.clientId)) out.push(...grantsAt(index, t.identity.clientId, t.dataActions, t.scope).granting);
  for (const twin of index.identitiesNamed(t.identity.name)) {
    if (twin !== t.identity) out.push(...grantsAt(index, twin.principalId, t.dataActions, t.scope).granting);
  }
  return out;
}
