import type { KubeObject } from "../../model/kube.js";
import { addTo } from "../../util/multimap.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { Workload } from "../../engine/workloads.js";
import { asRecord, getIn, stringMap } from "../../util/raw.js";
import { WI } from "../../wi.js";
import { metaMap, type MetaMap } from "./kube-meta.js";
import { wiAnnotationMeant } from "./kube-wi-keys.js";

/** Workloads in the Service's namespace whose pod labels match its selector. */
export function selectedWorkloads(index: SnapshotIndex, service: KubeObject): Workload[] {
  const selector = stringMap(asRecord(getIn(service.raw, ["spec", "selector"])));
  const entries = Object.entries(selector);
  if (entries.length === 0) return [];
  return workloadsIn(index, service.namespace).filter((w) => entries.every(([k, v]) => w.labels[k] === v));
}

// per index: scanning every workload for each annotated Service grows with their product
const byNamespace = new WeakMap<SnapshotIndex, Map<string | undefined, Workload[]>>();

function workloadsIn(index: SnapshotIndex, namespace: string | undefined): Workload[] {
  let map = byNamespace.get(index);
  if (!map) {
    map = new Map();
    for (const w of index.workloads) addTo(map, w.namespace, w);
    byNamespace.set(index, map);
  }
  return map.get(namespace) ?? [];
}

function namesClientId(map: MetaMap, exactToo: boolean): boolean {
  return Object.keys(map.raw).some((key) => {
    const meant = wiAnnotationMeant(key);
    return meant?.canonical === WI.clientIdAnnotation && (exactToo || !meant.exact);
  });
}

/**
 * Whether the client-id this ServiceAccount lacks was written somewhere else, where
 * sa-annotation-typo or sa-annotation-on-wrong-object reports it with the fix that renames or
 * moves it: a misspelled annotation or a label of the ServiceAccount, or an annotation (or label)
 * of a workload that runs as it, of its pod template, of a Service in front of it, or of its
 * namespace.
 */
export function clientIdWrittenElsewhere(index: SnapshotIndex, sa: KubeObject): boolean {
  const namespace = sa.namespace ?? "default";
  if (namesClientId(metaMap(sa, "annotations"), false) || namesClientId(metaMap(sa, "labels"), true)) return true;
  for (const w of index.workloadsOf(namespace, sa.name)) {
    const maps = [metaMap(w.object, "annotations"), metaMap(w.object, "annotations", w.templatePath), metaMap(w.object, "labels", w.templatePath)];
    if (w.kind === "CronJob") maps.push(metaMap(w.object, "annotations", ["spec", "jobTemplate"]));
    if (maps.some((m) => namesClientId(m, true))) return true;
  }
  for (const service of index.byKind("Service")) {
    if (service.namespace !== namespace || !namesClientId(metaMap(service, "annotations"), true)) continue;
    if (selectedWorkloads(index, service)[0]?.serviceAccountName === sa.name) return true;
  }
  return index.byKind("Namespace").some((ns) => ns.name === namespace && namesClientId(metaMap(ns, "annotations"), true));
}
