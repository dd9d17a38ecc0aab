import type { ObjectRef } from "../../model/kube.js";
import { CLUSTER_RESOURCES, NAMESPACED_RESOURCES, NAMESPACES, type ResourceSpec } from "../../sources/live-cluster/resources.js";
import { asArray, asRecord, asString } from "../../util/raw.js";
import type { KubeWriter } from "./kube-writer.js";

/** The resource an object's kind is served as: its plural and whether it lives in a namespace. */
export interface Served {
  apiVersion: string;
  plural: string;
  namespaced: boolean;
}

/** What discovery said per apiVersion and kind, for the steps of one plan. */
export type ServedCache = Map<string, Served | undefined>;

const KNOWN: readonly ResourceSpec[] = [NAMESPACES, ...NAMESPACED_RESOURCES, ...CLUSTER_RESOURCES];

function groupOf(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/**
 * How the API server names the resource of an object: from the kinds the live doctor reads, else
 * from the API server's discovery of the object's group and version (a custom resource).
 */
export async function servedAs(ref: ObjectRef, writer: KubeWriter, cache: ServedCache): Promise<Served | undefined> {
  const apiVersion = ref.apiVersion ?? defaultApiVersion(ref.kind);
  if (apiVersion === undefined) return undefined;
  const { group, version } = groupOf(apiVersion);
  const known = KNOWN.find((r) => r.kind === ref.kind && r.group === group && r.versions.includes(version));
  if (known) return { apiVersion, plural: known.plural, namespaced: known.namespaced };
  const key = `${apiVersion}\u0000${ref.kind}`;
  if (cache.has(key)) return cache.get(key);
  const list = await writer.get(group ? `/apis/${group}/${version}` : `/api/${version}`).catch(() => undefined);
  const resource = asArray(list?.body["resources"])
    .map(asRecord)
    .find((r) => r["kind"] === ref.kind && !String(r["name"] ?? "").includes("/"));
  const served = resource ? { apiVersion, plural: asString(resource["name"]) ?? "", namespaced: resource["namespaced"] === true } : undefined;
  cache.set(key, served);
  return served;
}

/** The apiVersion of the kinds whose manifests may leave it out of a reference. */
function defaultApiVersion(kind: string): string | undefined {
  const r = KNOWN.find((k) => k.kind === kind);
  return r ? (r.group ? `${r.group}/${r.versions[0]}` : r.versions[0]) : undefined;
}

/** The path of one object. */
export function objectPath(served: Served, ref: ObjectRef): string {
  const { group, version } = groupOf(served.apiVersion);
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const ns = served.namespaced ? `/namespaces/${encodeURIComponent(ref.namespace ?? "default")}` : "";
  return `${base}${ns}/${served.plural}/${encodeURIComponent(ref.name)}`;
}

/** The path of the collection an object is created in. */
export function collectionPathOf(served: Served, namespace: string | undefined): string {
  const { group, version } = groupOf(served.apiVersion);
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return `${base}${served.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? "default")}` : ""}/${served.plural}`;
}
