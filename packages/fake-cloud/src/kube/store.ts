import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";

export type KubeObj = Record<string, any>;

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoredEvent {
  type: WatchEventType;
  /** `group/plural`: which resource the object belongs to. */
  resource: string;
  object: KubeObj;
  rv: number;
}

/** Kubernetes time format: RFC 3339 in UTC, whole seconds. */
export function kubeTime(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

const HISTORY = 20_000;

/**
 * The apiserver's etcd: objects per resource, one global resourceVersion counter, and a bounded
 * history of changes so watches can resume from a resourceVersion.
 */
export class ObjectStore {
  private rv = 1000;
  private readonly data = new Map<string, Map<string, KubeObj>>();
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

  private bucket(resource: string): Map<string, KubeObj> {
    let b = this.data.get(resource);
    if (!b) {
      b = new Map();
      this.data.set(resource, b);
    }
    return b;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObj | undefined {
    return this.data.get(resource)?.get(key(namespace, name));
  }

  /** Objects sorted by namespace then name, as etcd's key order returns them. */
  list(resource: string, namespace?: string): KubeObj[] {
    const b = this.data.get(resource);
    if (!b) return [];
    const out: KubeObj[] = [];
    for (const [k, o] of b) if (namespace === undefined || k.startsWith(`${namespace}/`)) out.push(o);
    return out.sort((a, c) => compareKeys(key(a.metadata.namespace, a.metadata.name), key(c.metadata.namespace, c.metadata.name)));
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
    this.bucket(resource).set(key(meta.namespace, meta.name), obj);
    this.record("ADDED", resource, obj);
    return obj;
  }

  update(resource: string, obj: KubeObj, opts: { dryRun?: boolean } = {}): KubeObj {
    if (opts.dryRun) return obj;
    obj.metadata.resourceVersion = String(++this.rv);
    this.bucket(resource).set(key(obj.metadata.namespace, obj.metadata.name), obj);
    this.record("MODIFIED", resource, obj);
    return obj;
  }

  delete(resource: string, namespace: string | undefined, name: string, opts: { dryRun?: boolean } = {}): KubeObj | undefined {
    const b = this.data.get(resource);
    const k = key(namespace, name);
    const obj = b?.get(k);
    if (!obj || opts.dryRun) return obj;
    b!.delete(k);
    const gone = structuredClone(obj);
    gone.metadata.resourceVersion = String(++this.rv);
    this.record("DELETED", resource, gone);
    return gone;
  }

  /** Events after `rv` (exclusive), or undefined when history no longer reaches back that far. */
  since(rv: number): StoredEvent[] | undefined {
    if (rv < this.oldestResumable - 1 && this.history.length >= HISTORY) return undefined;
    const i = this.history.findIndex((e) => e.rv > rv);
    return i < 0 ? [] : this.history.slice(i);
  }

  private record(type: WatchEventType, resource: string, object: KubeObj): void {
    const ev: StoredEvent = { type, resource, object: structuredClone(object), rv: this.rv };
    this.history.push(ev);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    this.events.emit("change", ev);
  }
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
