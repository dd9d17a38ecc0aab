import type { RoleAssignment, RoleDefinition } from "../model/azure.js";
import { BUILTIN_ROLES } from "./builtin-roles.js";
import { roleGrantsDataAction, roleHasDataActions } from "./permissions.js";
import { scopeRelation } from "./scope.js";

/** What the grant helpers need from the snapshot index (SnapshotIndex satisfies it). */
export interface RoleLookup {
  assignmentsOf(principalId: string): RoleAssignment[];
  roleDefinition(roleDefinitionId: string): RoleDefinition | undefined;
  /** Answers kept for the life of the Azure state they come from (several checks ask the same). */
  grantCache?: Map<string, unknown>;
}

const BUILTIN_BY_NAME = new Map(BUILTIN_ROLES.map((r) => [r.roleName.toLowerCase(), r]));

/**
 * The definition of an assignment's role: by definition id (built-ins and exported custom
 * roles), else by the role name `az role assignment list` prints beside it, for built-ins.
 */
export function roleOf(lookup: Pick<RoleLookup, "roleDefinition">, a: RoleAssignment): RoleDefinition | undefined {
  return lookup.roleDefinition(a.roleDefinitionId) ?? (a.roleDefinitionName ? BUILTIN_BY_NAME.get(a.roleDefinitionName.toLowerCase()) : undefined);
}

export interface Undetermined {
  assignment: RoleAssignment;
  /** Why the assignment could not be judged offline. */
  reason: "unknown-role" | "management-group";
}

export interface GrantResult {
  /** Assignments at or above the scope whose role grants one of the operations. */
  granting: RoleAssignment[];
  /** Assignments that might grant it but cannot be judged offline. */
  undetermined: Undetermined[];
  /** Every assignment of the principal at or above the scope, whatever its role. */
  atOrAbove: RoleAssignment[];
}

/**
 * Which assignments of a principal grant one of `dataActions` at `scope` (inherited from any
 * ancestor scope). With an empty `dataActions`, any assignment at or above the scope counts.
 */
export function grantsAt(lookup: RoleLookup, principalId: string, dataActions: readonly string[], scope: string): GrantResult {
  const key = `${principalId.toLowerCase()}\u0000${scope.toLowerCase()}\u0000${dataActions.join("\u0000")}`;
  const known = lookup.grantCache?.get(key) as GrantResult | undefined;
  if (known) return known;
  const out: GrantResult = { granting: [], undetermined: [], atOrAbove: [] };
  for (const a of lookup.assignmentsOf(principalId)) {
    const relation = scopeRelation(a.scope, scope);
    if (relation === "outside") continue;
    const role = roleOf(lookup, a);
    const grants = role === undefined ? undefined : dataActions.length === 0 || dataActions.some((d) => roleGrantsDataAction(role, d));
    if (relation === "unknown") {
      if (grants !== false) out.undetermined.push({ assignment: a, reason: "management-group" });
      continue;
    }
    out.atOrAbove.push(a);
    if (grants === undefined) out.undetermined.push({ assignment: a, reason: "unknown-role" });
    else if (grants) out.granting.push(a);
  }
  lookup.grantCache?.set(key, out);
  return out;
}

/** Whether an assignment's role reaches data at all (control-plane roles such as Owner do not). */
export function assignmentHasDataAccess(lookup: Pick<RoleLookup, "roleDefinition">, a: RoleAssignment): boolean | undefined {
  const role = roleOf(lookup, a);
  return role === undefined ? undefined : roleHasDataActions(role);
}

/**
 * Built-in roles in order of preference for a grant: the narrow "User"/"Reader"/"Sender" roles
 * Microsoft documents for applications before the broader officer and owner roles.
 */
const PREFERENCE = [
  "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
  "12338af0-0e69-4776-bea7-57ae8d297424", // Key Vault Crypto User
  "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", // Key Vault Certificate User
  "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", // Storage Blob Data Reader
  "ba92f5b4-2d11-453d-a403-e96b0029c9fe", // Storage Blob Data Contributor
  "19e7f393-937e-4f77-808e-94535e297925", // Storage Queue Data Reader
  "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a", // Storage Queue Data Message Sender
  "8a0f0c08-91a1-4084-bc3d-661d67233fed", // Storage Queue Data Message Processor
  "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
  "516239f1-63e1-4d78-a4de-a74fb236a071", // App Configuration Data Reader
  "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", // Azure Service Bus Data Sender
  "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", // Azure Service Bus Data Receiver
  "2b629674-e913-4c01-ae53-ef4638d8f975", // Azure Event Hubs Data Sender
  "a638d3c7-ab3a-418d-83e6-5f17a39d4fde", // Azure Event Hubs Data Receiver
];

/** The least privileged built-in role that grants a data action, or undefined when none does. */
export function leastPrivilegedRole(dataAction: string): RoleDefinition | undefined {
  const ranked = [...PREFERENCE.map((g) => BUILTIN_ROLES.find((r) => r.name === g)!), ...BUILTIN_ROLES.filter((r) => !PREFERENCE.includes(r.name))];
  return ranked.find((r) => roleGrantsDataAction(r, dataAction));
}
