import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";

export type KubeObj = Record<string, any>;

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoredEvent {
  type: WatchEventType;
  /** `group/plural`: which resource the object belongs to. */
  resource: string;
  object: KubeObj;
  /** For MODIFIED: the object it replaced (watches with selectors need both). */
  previous?: KubeObj;
  rv: number;
}

/** Kubernetes time format: RFC 3339 in UTC, whole seconds. */
export function kubeTime(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

const HISTORY = 20_000;

/**
 * The apiserver's etcd: objects per resource, one global resourceVersion counter, and a bounded
 * history of changes so watches can resume from a resourceVersion. Objects handed to the store
 * belong to it and must not be changed afterwards: writers store new objects.
 */
export class ObjectStore {
  private rv = 1000;
  /** resource -> namespace ("" for cluster-scoped) -> name -> object. */
  private readonly data = new Map<string, Map<string, Map<string, KubeObj>>>();
  private readonly history: StoredEvent[] = [];
  readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(0);
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch can still resume from. */
  get oldestResumable(): number {
    return this.history[0]?.rv ?? this.rv;
  }

  private bucket(resource: string, namespace: string | undefined): Map<string, KubeObj> {
    let byNs = this.data.get(resource);
    if (!byNs) {
      byNs = new Map();
      this.data.set(resource, byNs);
    }
    let b = byNs.get(namespace ?? "");
    if (!b) {
      b = new Map();
      byNs.set(namespace ?? "", b);
    }
    return b;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObj | undefined {
    return this.data.get(resource)?.get(namespace ?? "")?.get(name);
  }

  /** Objects sorted by namespace then name, as etcd's key order returns them. */
  list(resource: string, namespace?: string): KubeObj[] {
    const byNs = this.data.get(resource);
    if (!byNs) return [];
    const namespaces = namespace === undefined ? [...byNs.keys()].sort(compareKeys) : [namespace];
    const out: KubeObj[] = [];
    for (const ns of namespaces) {
      const b = byNs.get(ns);
      if (!b) continue;
      const names = [...b.keys()].sort(compareKeys);
      for (const n of names) out.push(b.get(n)!);
    }
    return out;
  }

  /** How many objects a resource holds, without listing them. */
  count(resource: string): number {
    let n = 0;
    for (const b of this.data.get(resource)?.values() ?? []) n += b.size;
    return n;
  }

  /** Stores a new object, filling uid, creationTimestamp and resourceVersion. */
  create(resource: string, obj: KubeObj, opts: { dryRun?: boolean } = {}): KubeObj {
    const meta = obj.metadata;
    meta.uid ??= randomUUID();
    meta.creationTimestamp ??= kubeTime();
    if (opts.dryRun) {
      delete meta.resourceVersion;
      return obj;
    }
    meta.resourceVersion = String(++this.rv);
    this.bucket(resource, meta.namespace).set(meta.name, obj);
    this.record("ADDED", resource, obj);
    return obj;
  }

  update(resource: string, obj: KubeObj, opts: { dryRun?: boolean } = {}): KubeObj {
    if (opts.dryRun) return obj;
    obj.metadata.resourceVersion = String(++this.rv);
    const b = this.bucket(resource, obj.metadata.namespace);
    const previous = b.get(obj.metadata.name);
    b.set(obj.metadata.name, obj);
    this.record("MODIFIED", resource, obj, previous);
    return obj;
  }

  delete(resource: string, namespace: string | undefined, name: string, opts: { dryRun?: boolean } = {}): KubeObj | undefined {
    const b = this.data.get(resource)?.get(namespace ?? "");
    const obj = b?.get(name);
    if (!obj || opts.dryRun) return obj;
    b!.delete(name);
    const gone = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    this.record("DELETED", resource, gone);
    return gone;
  }

  /** Events after `rv` (exclusive), or undefined when history no longer reaches back that far. */
  since(rv: number): StoredEvent[] | undefined {
    if (rv < this.oldestResumable - 1 && this.history.length >= HISTORY) return undefined;
    const i = this.history.findIndex((e) => e.rv > rv);
    return i < 0 ? [] : this.history.slice(i);
  }

  private record(type: WatchEventType, resource: string, object: KubeObj, previous?: KubeObj): void {
    // Stored objects are never changed in place (every write stores a new object), so history
    // can share them.
    const ev: StoredEvent = { type, resource, object, rv: this.rv, ...(previous ? { previous } : {}) };
    this.history.push(ev);
    // Trimmed in batches: dropping one event per write would copy the whole history each time.
    if (this.history.length > HISTORY * 1.25) this.history.splice(0, this.history.length - HISTORY);
    this.events.emit("change", ev);
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
