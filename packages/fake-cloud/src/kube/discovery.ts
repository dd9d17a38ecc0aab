import { GROUP_ORDER, groupVersion, type ResourceType } from "./resources.js";

/** What `/version` answers. */
export function versionInfo(gitVersion: string): Record<string, string> {
  const m = gitVersion.match(/^v(\d+)\.(\d+)/);
  return {
    major: m?.[1] ?? "1",
    minor: m?.[2] ?? "32",
    gitVersion,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2025-01-01T00:00:00Z",
    goVersion: "go1.23.6",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

function sortGroups(groups: string[]): string[] {
  const rank = (g: string) => {
    const i = GROUP_ORDER.indexOf(g);
    return i < 0 ? GROUP_ORDER.length : i;
  };
  return [...groups].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** `/api`: the legacy group's versions. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

/** Kubernetes' version order (CompareKubeAwareVersionStrings): GA before beta before alpha, higher first. */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] | undefined => {
    const m = v.match(/^v(\d+)(?:(alpha|beta)(\d+))?$/);
    if (!m) return undefined;
    return [m[2] === undefined ? 2 : m[2] === "beta" ? 1 : 0, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  if (!ra || !rb) return ra ? -1 : rb ? 1 : a.localeCompare(b);
  return rb[0] - ra[0] || rb[1] - ra[1] || rb[2] - ra[2];
}

function groupEntry(group: string, versions: string[]): Record<string, unknown> {
  const gvs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: gvs, preferredVersion: gvs[0] };
}

function versionsOf(resources: readonly ResourceType[], group: string): string[] {
  return [...new Set(resources.filter((r) => r.group === group).map((r) => r.version))].sort(compareKubeVersions);
}

/** `/apis`: every named group. */
export function apiGroupList(resources: readonly ResourceType[]): Record<string, unknown> {
  const groups = sortGroups([...new Set(resources.map((r) => r.group))].filter((g) => g !== ""));
  return { kind: "APIGroupList", apiVersion: "v1", groups: groups.map((g) => groupEntry(g, versionsOf(resources, g))) };
}

/** `/apis/{group}`. */
export function apiGroup(resources: readonly ResourceType[], group: string): Record<string, unknown> | undefined {
  const versions = versionsOf(resources, group);
  if (versions.length === 0) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...groupEntry(group, versions) };
}

interface Kind {
  group: string;
  version: string;
  kind: string;
}

/** What a subresource answers with: its own kind where the storage says so (scale, token), else the parent's. */
function subresourceKind(r: ResourceType, sub: string): Kind {
  if (sub === "token") return { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" };
  if (sub === "scale") return { group: "autoscaling", version: "v1", kind: "Scale" };
  return { group: "", version: "", kind: r.kind };
}

/** Built-in resources report their own kind without group and version; a CRD's discovery names both. */
function responseKind(r: ResourceType, builtin: boolean): Kind {
  return builtin ? { group: "", version: "", kind: r.kind } : { group: r.group, version: r.version, kind: r.kind };
}

function byPlural(resources: readonly ResourceType[]): ResourceType[] {
  return [...resources].sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
}

/** `/api/v1`, `/apis/{group}/{version}`: the resources with their verbs and subresources, sorted by path. */
export function apiResourceList(resources: readonly ResourceType[], group: string, version: string): Record<string, unknown> | undefined {
  const rs = byPlural(resources.filter((r) => r.group === group && r.version === version));
  if (rs.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const r of rs) {
    const entry: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
    if (r.shortNames?.length) entry["shortNames"] = r.shortNames;
    if (r.categories?.length) entry["categories"] = r.categories;
    list.push(entry);
    for (const [sub, verbs] of Object.entries(r.subresources ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const k = subresourceKind(r, sub);
      list.push({ name: `${r.plural}/${sub}`, singularName: "", namespaced: r.namespaced, ...(k.group ? { group: k.group, version: k.version } : {}), kind: k.kind, verbs });
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersion({ group, version }), resources: list };
}

export type DiscoveryVersion = "v2" | "v2beta1";

/** The media type a client names to get aggregated discovery (kubectl >= 1.26 asks for it first). */
export function aggregatedMediaType(version: DiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/**
 * Which discovery form an Accept header asks for: the first clause naming an aggregated
 * APIGroupDiscoveryList this server serves, unless a plain JSON clause comes before it.
 */
export function negotiateDiscovery(accept: string | undefined): DiscoveryVersion | undefined {
  for (const clause of (accept ?? "").split(",")) {
    const [type, ...params] = clause.split(";").map((s) => s.trim());
    const p = Object.fromEntries(params.map((x) => x.split("=").map((s) => s.trim()) as [string, string]));
    if (p["as"] === "APIGroupDiscoveryList" && p["g"] === "apidiscovery.k8s.io" && (type === "application/json" || type === "*/*")) {
      if (p["v"] === "v2" || p["v"] === "v2beta1") return p["v"];
      continue;
    }
    if (type === "application/json" || type === "*/*" || type === "application/*") return undefined;
  }
  return undefined;
}

/**
 * Aggregated discovery (apidiscovery.k8s.io, KEP-3352): `/api` or `/apis` with every version's
 * resources in one document, as the apiserver's aggregated handler builds it from the same
 * APIResource lists (ConvertGroupVersionIntoToDiscovery).
 */
export function aggregatedDiscovery(resources: readonly ResourceType[], legacy: boolean, version: DiscoveryVersion, isBuiltin: (r: ResourceType) => boolean): Record<string, unknown> {
  const groups = legacy ? [""] : sortGroups([...new Set(resources.map((r) => r.group))].filter((g) => g !== ""));
  const items = groups.map((group) => ({
    metadata: { ...(group ? { name: group } : {}), creationTimestamp: null },
    versions: versionsOf(resources, group).map((v) => ({
      version: v,
      resources: byPlural(resources.filter((r) => r.group === group && r.version === v)).map((r) => {
        const subs = Object.entries(r.subresources ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
        return {
          resource: r.plural,
          responseKind: responseKind(r, isBuiltin(r)),
          scope: r.namespaced ? "Namespaced" : "Cluster",
          singularResource: r.singular,
          verbs: r.verbs,
          ...(r.shortNames?.length ? { shortNames: r.shortNames } : {}),
          ...(r.categories?.length ? { categories: r.categories } : {}),
          ...(subs.length
            ? { subresources: subs.map(([sub, verbs]) => ({ subresource: sub, responseKind: isBuiltin(r) ? subresourceKind(r, sub) : responseKind(r, false), verbs })) }
            : {}),
        };
      }),
      freshness: "Current",
    })),
  }));
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
