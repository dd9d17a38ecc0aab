/**
 * ARM resource ids and scopes. ARM compares them case-insensitively, and clients send scopes with
 * stray slashes (arm-authorization does not encode `{scope}`, so "/subscriptions/.." becomes
 * "//subscriptions/.."): every comparison goes through `idKey`.
 */

/** One leading slash, no repeated or trailing slashes; "/" for the root scope. */
export function normaliseId(id: string): string {
  const collapsed = `/${id}`.replace(/\/{2,}/g, "/");
  return collapsed.length > 1 ? collapsed.replace(/\/$/, "") : collapsed;
}

export function idKey(id: string): string {
  return normaliseId(id).toLowerCase();
}

export function sameId(a: string, b: string): boolean {
  return idKey(a) === idKey(b);
}

/** True when `scope` is `ancestor` or lies under it (segment-wise, so /rg-a is not under /rg). */
export function isWithin(scope: string, ancestor: string): boolean {
  const s = idKey(scope);
  const a = idKey(ancestor);
  return a === "/" || s === a || s.startsWith(`${a}/`);
}

export function subscriptionOf(id: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(normaliseId(id))?.[1];
}

export function resourceGroupOf(id: string): string | undefined {
  return /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)/i.exec(normaliseId(id))?.[1];
}

/** The last path segment: a resource's name, or a role definition's GUID. */
export function lastSegment(id: string): string {
  const parts = normaliseId(id).split("/");
  return parts[parts.length - 1] ?? "";
}

/** The id of the resource that holds a child resource (`.../identities/x/federatedIdentityCredentials/y` -> `.../identities/x`). */
export function parentId(id: string): string {
  return normaliseId(id).split("/").slice(0, -2).join("/") || "/";
}

/** `Microsoft.ManagedIdentity/userAssignedIdentities/name[/childType/childName]`, as ARM's not-found messages name a resource. */
export function qualifiedName(id: string): string {
  const m = /\/providers\/(.+)$/i.exec(normaliseId(id));
  return m?.[1] ?? normaliseId(id);
}
