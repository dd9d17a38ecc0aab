import { ObjectStore, kubeTime, type KubeObj } from "./store.js";
import { ResourceRegistry, storageKey } from "./registry.js";
import { groupVersion, type ResourceType } from "./resources.js";
import { applyDefaults, finishPodCreate } from "./defaults.js";
import { errors, StatusError } from "./status.js";
import { validateCreate, validateUpdate } from "./validation.js";
import { admitPodCreate } from "./admission/chain.js";
import { randomSuffix } from "./names.js";
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from "./patch.js";
import { recordUpdate, serverSideApply, type ApplyConflict, type ManagedFieldsEntry } from "./managed-fields.js";
import { parseFieldSelector, parseLabelSelector } from "./selectors.js";
import { canonicalJson } from "./canonical.js";

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** Server-side apply computed the managed fields already. */
  managedFields?: unknown[];
  /** Recorded on the managed fields entry of a subresource write (`scale`). */
  subresource?: string;
  /** Decodes the object a patch produced, as the typed decode does (field validation): it may prune or throw. */
  decodePatched?: (patched: KubeObj) => KubeObj;
}

export interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continue?: string | null;
}

export type PatchType = "json" | "merge" | "strategic" | "apply";

/** Kinds whose status only changes through the status subresource (main-resource writes keep it). */
const STATUS_SUBRESOURCE = new Set(["Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "Namespace", "Node", "Service", "CustomResourceDefinition"]);

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv, start })).toString("base64");
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const o = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { rv: number; start: string };
    if (typeof o.start !== "string") throw new Error("bad");
    return o;
  } catch {
    throw errors.badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
}

/** The apiserver's storage operations with admission, defaulting, validation and field managers. */
export class KubeApi {
  readonly registry: ResourceRegistry;
  /** The service CIDR's next free address (10.0.0.0/16, as AKS defaults). */
  private nextServiceIp = 10;

  constructor(
    readonly store: ObjectStore,
    readonly serverMinor: number,
  ) {
    this.registry = new ResourceRegistry(store);
  }

  /** The object as the given resource version presents it (kind and apiVersion set); a new top level sharing the rest. */
  present(r: ResourceType, o: KubeObj): KubeObj {
    const { apiVersion: _a, kind: _k, ...rest } = o;
    return { apiVersion: groupVersion(r), kind: r.kind, ...rest };
  }

  get(r: ResourceType, namespace: string | undefined, name: string): KubeObj {
    const o = this.store.get(storageKey(r), namespace, name);
    if (!o) throw errors.notFound(r, name);
    return this.present(r, structuredClone(o));
  }

  list(r: ResourceType, namespace: string | undefined, opts: ListOptions): { items: KubeObj[]; metadata: KubeObj } {
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector, r.kind);
    let all = this.store.list(storageKey(r), namespace || undefined).filter((o) => labels(o.metadata?.labels) && fields(o));
    const rv = this.store.resourceVersion;
    if (opts.continue) {
      const { start } = decodeContinue(opts.continue);
      all = all.filter((o) => `${o.metadata.namespace ?? ""}/${o.metadata.name}` >= start);
    }
    const metadata: KubeObj = { resourceVersion: String(rv) };
    let items = all;
    if (opts.limit && opts.limit > 0 && all.length > opts.limit) {
      items = all.slice(0, opts.limit);
      const next = all[opts.limit]!;
      metadata["continue"] = encodeContinue(rv, `${next.metadata.namespace ?? ""}/${next.metadata.name}`);
      metadata["remainingItemCount"] = all.length - opts.limit;
    }
    const builtin = this.registry.isBuiltin(r);
    return {
      metadata,
      items: items.map((o) => {
        // Typed lists carry kind and apiVersion on the list only; custom resources keep them per item.
        if (builtin) {
          const { kind: _k, apiVersion: _a, ...rest } = o;
          return rest;
        }
        return this.present(r, o);
      }),
    };
  }

  private checkNamespace(r: ResourceType, namespace: string | undefined): void {
    if (!r.namespaced) return;
    const ns = this.store.get("/namespaces", undefined, namespace ?? "");
    if (!ns) throw errors.notFound({ group: "", plural: "namespaces" }, namespace ?? "");
    if (ns.status?.phase === "Terminating") throw errors.namespaceTerminating({ group: r.group, plural: r.plural }, "", namespace ?? "");
  }

  private checkBody(r: ResourceType, obj: unknown, namespace: string | undefined): KubeObj {
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) throw errors.badRequest("the body of the request was in an unknown format");
    const o = obj as KubeObj;
    const gv = groupVersion(r);
    if (o.apiVersion !== undefined && o.apiVersion !== gv) {
      throw errors.badRequest(`the API version in the data (${o.apiVersion}) does not match the expected API version (${gv})`);
    }
    if (o.kind !== undefined && o.kind !== r.kind) {
      throw errors.badRequest(`the kind in the data (${o.kind}) does not match the expected kind (${r.kind})`);
    }
    o.apiVersion = gv;
    o.kind = r.kind;
    o.metadata ??= {};
    if (r.namespaced) {
      if (o.metadata.namespace && namespace && o.metadata.namespace !== namespace) {
        throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      o.metadata.namespace = namespace;
    } else delete o.metadata.namespace;
    return o;
  }

  create(r: ResourceType, namespace: string | undefined, body: unknown, opts: WriteOptions = {}): KubeObj {
    if (r.virtual) throw errors.methodNotAllowed("create");
    const obj = this.checkBody(r, structuredClone(body), namespace);
    this.checkNamespace(r, namespace);
    for (const k of ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "selfLink"]) delete obj.metadata[k];
    if (STATUS_SUBRESOURCE.has(r.kind) && r.kind !== "Namespace") delete obj.status;
    applyDefaults(obj);
    if (r.kind === "Pod") {
      admitPodCreate({ store: this.store, serverMinor: this.serverMinor }, obj, namespace ?? "");
      finishPodCreate(obj);
      obj.status = { phase: "Pending", qosClass: "BestEffort" };
    }
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = this.generateName(r, namespace, obj.metadata.generateName);
    if (r.kind === "Service") this.allocateClusterIp(obj);
    validateCreate(r, obj);
    if (this.store.get(storageKey(r), namespace, obj.metadata.name)) throw errors.alreadyExists(r, obj.metadata.name);
    if (hasSpec(obj)) obj.metadata.generation = 1;
    if (opts.managedFields) obj.metadata.managedFields = opts.managedFields;
    else recordUpdate(undefined, obj, opts.fieldManager ?? "unknown", groupVersion(r));
    if (r.kind === "CustomResourceDefinition") establishCrd(obj);
    const stored = this.store.create(storageKey(r), obj, { dryRun: opts.dryRun });
    return this.present(r, stored);
  }

  /** The service IP allocator: a ClusterIP Service without an address gets the next one. */
  private allocateClusterIp(svc: KubeObj): void {
    if (svc.spec?.type === "ExternalName" || svc.spec?.clusterIP) return;
    const ip = `10.0.${(this.nextServiceIp >> 8) & 255}.${this.nextServiceIp++ & 255}`;
    Object.assign(svc.spec, { clusterIP: ip, clusterIPs: [ip], ipFamilies: ["IPv4"] });
  }

  private generateName(r: ResourceType, namespace: string | undefined, prefix: string): string {
    for (let i = 0; i < 8; i++) {
      const name = `${prefix}${randomSuffix()}`;
      if (!this.store.get(storageKey(r), namespace, name)) return name;
    }
    throw errors.alreadyExists(r, prefix);
  }

  update(r: ResourceType, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions = {}, sub?: string): KubeObj {
    const obj = this.checkBody(r, structuredClone(body), namespace);
    if (obj.metadata.name && obj.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    obj.metadata.name = name;
    const current = this.store.get(storageKey(r), namespace, name);
    if (!current) throw errors.notFound(r, name);
    return this.commitUpdate(r, current, obj, opts, sub);
  }

  private commitUpdate(r: ResourceType, current: KubeObj, obj: KubeObj, opts: WriteOptions, sub?: string): KubeObj {
    const name = current.metadata.name as string;
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== "" && rv !== current.metadata.resourceVersion) throw errors.conflict(r, name);
    // The system owns these; a client cannot change them through an update.
    for (const k of ["uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"]) {
      if (current.metadata[k] !== undefined) obj.metadata[k] = current.metadata[k];
      else delete obj.metadata[k];
    }
    if (sub === "status") {
      const next = structuredClone(current);
      next.status = obj.status;
      next.metadata.resourceVersion = current.metadata.resourceVersion;
      recordUpdate(current, next, opts.fieldManager ?? "unknown", groupVersion(r), "status");
      return this.present(r, this.store.update(storageKey(r), next, { dryRun: opts.dryRun }));
    }
    if (STATUS_SUBRESOURCE.has(r.kind)) obj.status = structuredClone(current.status);
    applyDefaults(obj);
    validateUpdate(r, current, obj);
    if (hasSpec(obj) && canonicalJson(current.spec) !== canonicalJson(obj.spec)) {
      obj.metadata.generation = (current.metadata.generation ?? 1) + 1;
    }
    if (opts.managedFields) obj.metadata.managedFields = opts.managedFields;
    else {
      const sent = obj.metadata.managedFields;
      const rewritten = Array.isArray(sent) && JSON.stringify(sent) !== JSON.stringify(current.metadata.managedFields);
      recordUpdate(current, obj, opts.fieldManager ?? "unknown", groupVersion(r), opts.subresource, rewritten ? (sent as ManagedFieldsEntry[]) : undefined);
    }
    if (r.kind === "CustomResourceDefinition") establishCrd(obj);
    if (canonicalJson(stripRv(current)) === canonicalJson(stripRv(obj))) return this.present(r, current);
    return this.present(r, this.store.update(storageKey(r), obj, { dryRun: opts.dryRun }));
  }

  patch(
    r: ResourceType,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions & { force?: boolean },
    sub?: string,
  ): KubeObj {
    const current = this.store.get(storageKey(r), namespace, name);
    if (type === "apply") return this.apply(r, namespace, name, current, patch, opts);
    if (!current) throw errors.notFound(r, name);
    const base = this.present(r, structuredClone(current));
    let next: unknown;
    if (type === "json") next = applyJsonPatch(base, patch);
    else if (type === "merge") next = applyMergePatch(base, patch);
    else {
      if (!this.registry.isBuiltin(r)) throw errors.unsupportedMediaType();
      next = applyStrategicMergePatch(base, patch);
    }
    if (opts.decodePatched) next = opts.decodePatched(next as KubeObj);
    const obj = this.checkBody(r, next, namespace);
    if (obj.metadata.name !== name) throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    return this.commitUpdate(r, current, obj, opts, sub);
  }

  private apply(r: ResourceType, namespace: string | undefined, name: string, current: KubeObj | undefined, patch: unknown, opts: WriteOptions & { force?: boolean }): KubeObj {
    const manager = opts.fieldManager;
    if (!manager) throw errors.badRequest("PATCH, application/apply-patch+yaml requires fieldManager parameter");
    const applied = this.checkBody(r, structuredClone(patch), namespace);
    if (applied.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${applied.metadata.name ?? ""}) does not match the name on the URL (${name})`);
    }
    const gv = groupVersion(r);
    const merge = (live: KubeObj, a: KubeObj) => applyStrategicMergePatch(live, a) as KubeObj;
    const live = current ? this.present(r, structuredClone(current)) : undefined;
    const { object, conflicts } = serverSideApply(live, applied, manager, gv, opts.force === true, merge);
    if (conflicts.length) throw applyConflict(r, name, conflicts);
    opts.decodePatched?.(object);
    const managedFields = object.metadata.managedFields as unknown[];
    if (!current) return this.create(r, namespace, object, { ...opts, fieldManager: manager, managedFields });
    object.metadata.resourceVersion = current.metadata.resourceVersion;
    return this.commitUpdate(r, current, object, { ...opts, managedFields });
  }

  /** The `scale` subresource: an autoscaling/v1 Scale view of a workload's replicas. */
  getScale(r: ResourceType, namespace: string | undefined, name: string): KubeObj {
    const o = this.store.get(storageKey(r), namespace, name);
    if (!o) throw errors.notFound(r, name);
    const sel = o.spec?.selector?.matchLabels ?? {};
    return {
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      metadata: { name, namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
      spec: { replicas: o.spec?.replicas ?? 1 },
      status: { replicas: o.status?.replicas ?? 0, selector: Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(",") },
    };
  }

  updateScale(r: ResourceType, namespace: string | undefined, name: string, change: (scale: KubeObj) => KubeObj, opts: WriteOptions = {}): KubeObj {
    const current = this.store.get(storageKey(r), namespace, name);
    if (!current) throw errors.notFound(r, name);
    const next = change(this.getScale(r, namespace, name));
    const rv = next.metadata?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw errors.conflict(r, name);
    const obj = this.present(r, structuredClone(current));
    obj.spec.replicas = next.spec?.replicas;
    this.commitUpdate(r, current, obj, { ...opts, subresource: "scale" });
    return this.getScale(r, namespace, name);
  }

  /**
   * Deletes an object and, unless orphaned, its dependents (the garbage collector's work, done at
   * once). A running pod is deleted gracefully: it gets a deletionTimestamp and stays, Terminating,
   * until its kubelet has stopped it (see finishPodDeletion).
   */
  delete(r: ResourceType, namespace: string | undefined, name: string, opts: WriteOptions & { propagationPolicy?: string; preconditionsRv?: string; gracePeriodSeconds?: number }): KubeObj {
    const current = this.store.get(storageKey(r), namespace, name);
    if (!current) throw errors.notFound(r, name);
    if (opts.preconditionsRv && opts.preconditionsRv !== current.metadata.resourceVersion) {
      throw errors.conflict(r, name, `Precondition failed: ResourceVersion in precondition: ${opts.preconditionsRv}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    }
    const result = structuredClone(current);
    if (opts.dryRun) return this.present(r, result);
    if (r.kind === "Pod") {
      const grace = podGracePeriod(current, opts.gracePeriodSeconds);
      if (grace > 0) return this.present(r, this.markTerminating(r, current, grace));
    }
    if (r.kind === "Namespace") {
      for (const rt of this.registry.list()) {
        if (!rt.namespaced || rt.virtual) continue;
        for (const o of this.store.list(storageKey(rt), name)) this.store.delete(storageKey(rt), name, o.metadata.name);
      }
      result.status = { phase: "Terminating" };
      result.metadata.deletionTimestamp = kubeTime();
    }
    this.store.delete(storageKey(r), namespace, name);
    if (r.kind === "Namespace") return this.present(r, result);
    this.collectDependents(current.metadata.uid, namespace, opts.propagationPolicy ?? "Background");
    return this.present(r, result);
  }

  /** The pod's deletionTimestamp and grace period (BeforeDelete): set, or shortened by a later delete. */
  private markTerminating(r: ResourceType, pod: KubeObj, grace: number): KubeObj {
    const deadline = new Date(Date.now() + grace * 1000);
    const previous = pod.metadata.deletionTimestamp ? Date.parse(pod.metadata.deletionTimestamp) : Infinity;
    if (deadline.getTime() >= previous) return pod;
    const next = structuredClone(pod);
    next.metadata.deletionTimestamp = kubeTime(deadline);
    next.metadata.deletionGracePeriodSeconds = grace;
    return this.store.update(storageKey(r), next);
  }

  /** The kubelet's last word on a pod it has stopped: the deletion with grace period 0. */
  finishPodDeletion(pod: KubeObj): void {
    const r = this.registry.forKind("v1", "Pod")!;
    if (!this.store.get(storageKey(r), pod.metadata.namespace, pod.metadata.name)) return;
    this.store.delete(storageKey(r), pod.metadata.namespace, pod.metadata.name);
    this.collectDependents(pod.metadata.uid, pod.metadata.namespace, "Background");
  }

  private collectDependents(uid: string, namespace: string | undefined, policy: string): void {
    for (const rt of this.registry.list()) {
      if (rt.virtual) continue;
      for (const o of this.store.list(storageKey(rt), namespace)) {
        const refs: KubeObj[] = o.metadata.ownerReferences ?? [];
        if (!refs.some((ref) => ref.uid === uid)) continue;
        if (policy === "Orphan") {
          const next = structuredClone(o);
          next.metadata.ownerReferences = refs.filter((ref) => ref.uid !== uid);
          if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
          this.store.update(storageKey(rt), next);
        } else if (rt.kind === "Pod" && podGracePeriod(o, undefined) > 0) {
          this.markTerminating(rt, o, podGracePeriod(o, undefined));
        } else {
          this.store.delete(storageKey(rt), namespace, o.metadata.name);
          this.collectDependents(o.metadata.uid, namespace, policy);
        }
      }
    }
  }

  /** Stores an object as it is, like one that was in etcd before the cluster was observed. */
  seed(obj: KubeObj): KubeObj {
    const apiVersion = String(obj.apiVersion ?? "");
    const kind = String(obj.kind ?? "");
    const r = this.registry.forKind(apiVersion, kind);
    if (!r) throw new Error(`no resource serves ${apiVersion} ${kind}`);
    const o = structuredClone(obj);
    o.metadata ??= {};
    if (r.namespaced) o.metadata.namespace ??= "default";
    if (r.namespaced && !this.store.get("/namespaces", undefined, o.metadata.namespace)) {
      this.seed({ apiVersion: "v1", kind: "Namespace", metadata: { name: o.metadata.namespace } });
    }
    applyDefaults(o);
    if (r.kind === "Pod") finishPodCreate(o);
    if (r.kind === "Service") this.allocateClusterIp(o);
    if (hasSpec(o)) o.metadata.generation ??= 1;
    if (r.kind === "CustomResourceDefinition") establishCrd(o);
    const existing = this.store.get(storageKey(r), o.metadata.namespace, o.metadata.name);
    if (existing) {
      o.metadata.uid = existing.metadata.uid;
      o.metadata.creationTimestamp = existing.metadata.creationTimestamp;
      return this.store.update(storageKey(r), o);
    }
    return this.store.create(storageKey(r), o);
  }
}

/**
 * The grace period a pod's deletion gets (the pod strategy's CheckGracefulDelete): the request's,
 * else the pod's terminationGracePeriodSeconds; none for a pod no kubelet runs (unscheduled,
 * or finished).
 */
function podGracePeriod(pod: KubeObj, requested: number | undefined): number {
  if (!pod.spec?.nodeName || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return 0;
  const grace = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, grace);
}

function hasSpec(o: KubeObj): boolean {
  return typeof o.spec === "object" && o.spec !== null && o.kind !== "Pod" && o.kind !== "Namespace";
}

function stripRv(o: KubeObj): KubeObj {
  const c = structuredClone(o);
  delete c.metadata.resourceVersion;
  for (const m of c.metadata.managedFields ?? []) delete m.time;
  return c;
}

function establishCrd(crd: KubeObj): void {
  const names = crd.spec?.names ?? {};
  crd.status = {
    acceptedNames: { kind: names.kind, listKind: names.listKind ?? `${names.kind}List`, plural: names.plural, singular: names.singular ?? String(names.kind ?? "").toLowerCase() },
    conditions: [
      { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found", lastTransitionTime: kubeTime() },
      { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted", lastTransitionTime: kubeTime() },
    ],
    storedVersions: (crd.spec?.versions ?? []).filter((v: KubeObj) => v.storage).map((v: KubeObj) => v.name),
  };
}

/** fieldmanager's printManager: `"name" [with subresource "s"] using v [at time]`. */
function printManager(c: ApplyConflict): string {
  let s = JSON.stringify(c.manager);
  if (c.subresource) s += ` with subresource ${JSON.stringify(c.subresource)}`;
  s += ` using ${c.apiVersion}`;
  if (c.operation === "Update" && c.time) s += ` at ${c.time}`;
  return s;
}

function applyConflict(r: ResourceType, name: string, conflicts: ApplyConflict[]): StatusError {
  const byManager = new Map<string, ApplyConflict[]>();
  for (const c of conflicts) byManager.set(printManager(c), [...(byManager.get(printManager(c)) ?? []), c]);
  const n = conflicts.length;
  let message: string;
  if (n === 1) message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0]!)}: ${conflicts[0]!.field}`;
  else {
    message = `Apply failed with ${n} conflicts: `;
    const parts: string[] = [];
    for (const [who, list] of byManager) parts.push(`conflicts with ${who}:\n${list.map((c) => `- ${c.field}`).join("\n")}`);
    message += parts.join("\n");
  }
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason: "Conflict",
    details: {
      name,
      ...(r.group ? { group: r.group } : {}),
      kind: r.plural,
      causes: conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${printManager(c)}`, field: c.field })),
    },
    code: 409,
  });
}
