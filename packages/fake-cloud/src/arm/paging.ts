/**
 * ARM list pagination: `{value, nextLink}`, where nextLink is the same request with an opaque
 * continuation token. The token's parameter name differs per API (`$skiptoken` for managed
 * identities, `$skipToken` for role assignments); ARM reads it case-insensitively.
 */

function findToken(url: URL): { name: string; value: string } | undefined {
  for (const [name, value] of url.searchParams) {
    if (name.toLowerCase() === "$skiptoken") return { name, value };
  }
  return undefined;
}

function decodeOffset(token: string): number {
  const n = Number(Buffer.from(token, "base64url").toString("utf8"));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

export interface ListPage<T> {
  value: T[];
  nextLink?: string;
}

export function paginate<T>(items: readonly T[], url: URL, ownUrl: string, pageSize: number, tokenName = "$skiptoken"): ListPage<T> {
  const current = findToken(url);
  const offset = current ? decodeOffset(current.value) : 0;
  const value = items.slice(offset, offset + pageSize);
  if (offset + pageSize >= items.length) return { value };
  // Built by hand: ARM's nextLinks keep `$` literal in parameter names (`$skiptoken`, `$filter`).
  const query = [...url.searchParams]
    .filter(([name]) => name !== current?.name)
    .concat([[current?.name ?? tokenName, Buffer.from(String(offset + pageSize)).toString("base64url")]])
    .map(([name, v]) => `${encodeURIComponent(name).replace(/%24/g, "$")}=${encodeURIComponent(v)}`)
    .join("&");
  return { value, nextLink: `${ownUrl}${url.pathname}?${query}` };
}
