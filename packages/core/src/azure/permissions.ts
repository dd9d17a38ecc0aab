import type { RoleDefinition } from "../model/azure.js";

const compiled = new Map<string, RegExp>();

/**
 * Whether an operation pattern of a role definition matches an operation. ARM compares
 * operations case-insensitively, and a `*` matches any run of characters, `/` included: the
 * pattern `Microsoft.KeyVault/vaults/secrets/*` covers `.../secrets/getSecret/action`.
 */
export function operationMatches(pattern: string, operation: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    re = new RegExp(`^${body}$`, "i");
    compiled.set(pattern, re);
  }
  return re.test(operation);
}

function grants(allowed: readonly string[], denied: readonly string[], operation: string): boolean {
  return allowed.some((p) => operationMatches(p, operation)) && !denied.some((p) => operationMatches(p, operation));
}

/** Whether the role grants a data-plane operation: some permission block allows it and does not exclude it. */
export function roleGrantsDataAction(role: RoleDefinition, dataAction: string): boolean {
  return role.permissions.some((p) => grants(p.dataActions, p.notDataActions, dataAction));
}

/** Whether the role grants a control-plane operation. Control-plane grants never reach data. */
export function roleGrantsAction(role: RoleDefinition, action: string): boolean {
  return role.permissions.some((p) => grants(p.actions, p.notActions, action));
}

/** Whether the role grants any data-plane operation at all. */
export function roleHasDataActions(role: RoleDefinition): boolean {
  return role.permissions.some((p) => p.dataActions.length > 0);
}
