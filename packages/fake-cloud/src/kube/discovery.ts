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

function groupEntry(group: string, versions: string[]): Record<string, unknown> {
  const gvs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: gvs, preferredVersion: gvs[0] };
}

function versionsOf(resources: readonly ResourceType[], group: string): string[] {
  return [...new Set(resources.filter((r) => r.group === group).map((r) => r.version))];
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

/** `/api/v1`, `/apis/{group}/{version}`: the resources with their verbs and subresources. */
export function apiResourceList(resources: readonly ResourceType[], group: string, version: string): Record<string, unknown> | undefined {
  const rs = resources.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const r of rs) {
    const entry: Record<string, unknown> = {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    };
    if (r.shortNames?.length) entry["shortNames"] = r.shortNames;
    if (r.categories?.length) entry["categories"] = r.categories;
    list.push(entry);
    for (const [sub, verbs] of Object.entries(r.subresources ?? {})) {
      const subKind = sub === "token" ? "TokenRequest" : sub === "scale" ? "Scale" : sub === "log" ? "Pod" : r.kind;
      const e: Record<string, unknown> = { name: `${r.plural}/${sub}`, singularName: "", namespaced: r.namespaced, kind: subKind, verbs };
      if (sub === "token") {
        e["group"] = "authentication.k8s.io";
        e["version"] = "v1";
      }
      if (sub === "scale") {
        e["group"] = "autoscaling";
        e["version"] = "v1";
      }
      list.push(e);
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersion({ group, version }), resources: list };
}
