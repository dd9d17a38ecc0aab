/**
 * Azure scopes compared the way ARM does: case-insensitively, segment by segment. A role
 * assignment applies at its scope and everything below it: tenant root `/` > management group
 * > subscription > resource group > resource > child resource.
 */

/** How an assignment's scope relates to a target scope. */
export type ScopeRelation =
  /** The assignment's scope is the target or one of its ancestors. */
  | "covers"
  /** A management-group scope: whether the target's subscription sits under it is not known offline. */
  | "unknown"
  | "outside";

export function scopeSegments(scope: string): string[] {
  return scope
    .toLowerCase()
    .split("/")
    .filter((s) => s !== "");
}

const MANAGEMENT_GROUP = ["providers", "microsoft.management", "managementgroups"];

export function isManagementGroupScope(scope: string): boolean {
  const s = scopeSegments(scope);
  return s.length >= 4 && MANAGEMENT_GROUP.every((m, i) => s[i] === m);
}

// Checks compare thousands of assignments against a few scopes: normalise each scope string once.
const normalised = new Map<string, string>();

function normalise(scope: string): string {
  let n = normalised.get(scope);
  if (n === undefined) {
    n = scopeSegments(scope).join("/");
    if (normalised.size >= 50_000) normalised.clear();
    normalised.set(scope, n);
  }
  return n;
}

export function scopeRelation(assignmentScope: string, target: string): ScopeRelation {
  const outer = normalise(assignmentScope);
  const inner = normalise(target);
  if (outer === "" || inner === outer || inner.startsWith(`${outer}/`)) return "covers";
  // Management groups hold subscriptions by membership, not by path.
  if (isManagementGroupScope(assignmentScope) && !isManagementGroupScope(target)) return "unknown";
  return "outside";
}

/** `Microsoft.KeyVault/vaults` for a vault id; child types are joined (`.../blobServices/containers`). Lower-cased. */
export function resourceType(id: string): string | undefined {
  const s = scopeSegments(id);
  const at = s.lastIndexOf("providers");
  if (at < 0 || at + 2 >= s.length) return undefined;
  const ns = s[at + 1]!;
  const types: string[] = [];
  for (let i = at + 2; i < s.length; i += 2) types.push(s[i]!);
  return [ns, ...types].join("/");
}

/** The last name segment of a resource id, as written. */
export function resourceName(id: string): string {
  return id.split("/").filter((s) => s !== "").pop() ?? id;
}
