import type { DataGap } from "../../model/finding.js";
import { addTo } from "../../util/multimap.js";
import type { KubeObject } from "../../model/kube.js";
import type { KubeEvent, LogExcerpt } from "../../model/runtime.js";
import type { LiveGap } from "../../model/snapshot.js";
import { asArray, asRecord, asString, getIn } from "../../util/raw.js";
import { WI } from "../../wi.js";
import { gapOf, KubeRequestError, type KubeClient } from "./client.js";
import type { ProgressTracker } from "./progress.js";
import { liveObject } from "./reduce.js";
import {
  apiVersionOf,
  CLUSTER_RESOURCES,
  collectionPath,
  CONFIG_MAPS,
  DEPLOYMENTS,
  ENDPOINT_SLICES,
  EVENTS,
  MUTATING_WEBHOOKS,
  NAMESPACED_RESOURCES,
  NAMESPACES,
  resourceName,
  SERVICE_ACCOUNTS,
  SERVICES,
  type ResourceSpec,
} from "./resources.js";
import { logTargets, toKubeEvent, toLogExcerpt, type LogTarget } from "./runtime.js";

/** Page size of every list, as kubectl's `--chunk-size` default. */
export const PAGE_SIZE = 500;

export interface ReadLimits {
  /** Lines of each container's log, from its end. */
  logTailLines: number;
  /** Bytes of each container's log at most. */
  logLimitBytes: number;
  /** Warning events kept at most (the newest). */
  maxEvents: number;
}

export const DEFAULT_LIMITS: ReadLimits = { logTailLines: 200, logLimitBytes: 256 * 1024, maxEvents: 5_000 };

/** What a read found: objects, runtime evidence, and what it could not read. */
export interface ReadResult {
  objects: KubeObject[];
  events: KubeEvent[];
  logs: LogExcerpt[];
  unread: LiveGap[];
  named: string[];
  allNamespaces: boolean;
  namespaces: string[];
  /** Namespaces were listed (with -A), or each namespace in scope was read (with -n). */
  namespaceObjects: boolean;
  /** MutatingWebhookConfigurations were listed. */
  webhooksRead: boolean;
  /** Warning events were read in at least one namespace. */
  eventsRead: boolean;
  /** Logs were read, or there was none to read; false when every read failed. */
  logsRead: boolean;
  /** The cluster could not be reached or refused the credentials: nothing else was tried. */
  fatal?: KubeRequestError | Error;
}

/** A failure that says the cluster as a whole cannot be read (rather than one resource). */
function isFatal(e: unknown): boolean {
  if (!(e instanceof KubeRequestError)) return !(e instanceof Error && e.name === "AbortError");
  return e.kind === "network" || e.kind === "timeout" || e.kind === "credentials" || e.status === 401;
}

/**
 * Reads what the checks need from one cluster: namespaces, webhook configurations and CSI
 * drivers cluster-wide; ServiceAccounts, pods, workloads, Services, ConfigMaps and Secrets
 * (key names), SecretProviderClasses per namespace; Warning events; and the recent logs of one
 * pod per workload that uses workload identity. Lists are paginated and read cluster-wide when
 * the user may; a user who may not gets the namespaces they can read, and every resource and
 * namespace that could not be read is kept with its reason.
 */
export class LiveReader {
  private readonly objects: KubeObject[] = [];
  private readonly unread: LiveGap[] = [];
  /** Objects read by name: `resource/namespace/name`. */
  private readonly named: string[] = [];

  constructor(
    private readonly client: KubeClient,
    private readonly progress: ProgressTracker,
    private readonly limits: ReadLimits,
  ) {}

  async read(scope: { all: true; fallbackNamespace: string } | { all: false; namespaces: string[] }): Promise<ReadResult> {
    const empty: ReadResult = { objects: [], events: [], logs: [], unread: this.unread, named: this.named, allNamespaces: false, namespaces: [], namespaceObjects: false, webhooksRead: false, eventsRead: false, logsRead: false };
    // The first request says whether the cluster can be read at all.
    let namespaces: string[];
    let namespacesKnown: boolean;
    try {
      if (scope.all) {
        const listed = await this.list(NAMESPACES, undefined);
        this.objects.push(...listed);
        this.progress.finish(resourceName(NAMESPACES), "done");
        namespaces = listed.map((o) => o.name);
        namespacesKnown = true;
      } else {
        namespaces = [...scope.namespaces];
        namespacesKnown = await this.getNamespaces(scope.namespaces);
      }
    } catch (e) {
      if (this.client.aborted) throw e;
      if (isFatal(e)) return { ...empty, fatal: e as Error };
      this.unread.push({ resource: resourceName(NAMESPACES), gap: gapOf(e, resourceName(NAMESPACES)) });
      namespaces = [scope.all ? scope.fallbackNamespace : ""].filter(Boolean);
      namespacesKnown = false;
    }

    const [webhooks] = await Promise.all([this.readClusterResources(), this.readNamespaced(scope.all, namespaces)]);
    const covered = this.coveredNamespaces(scope.all, namespaces);
    await this.readWebhookObjects(covered.namespaces);
    const [events, logs] = await Promise.all([this.readEvents(scope.all, covered.namespaces), this.readLogs()]);

    return {
      objects: this.objects,
      events: events.items,
      logs: logs.items,
      unread: this.unread,
      named: this.named,
      allNamespaces: covered.all,
      namespaces: covered.namespaces,
      namespaceObjects: namespacesKnown,
      webhooksRead: webhooks,
      eventsRead: events.read,
      logsRead: logs.read,
    };
  }

  /** GET each namespace in scope (RBAC lets a namespace's users get it); false when one could not be read. */
  private async getNamespaces(names: string[]): Promise<boolean> {
    let all = true;
    for (const name of names) {
      try {
        const body = await this.client.getJson(`/api/v1/namespaces/${encodeURIComponent(name)}`, { resource: "namespaces" });
        const o = liveObject("v1", "Namespace", body);
        if (o) this.objects.push(o);
        this.progress.objects("namespaces", 1);
      } catch (e) {
        if (this.client.aborted || isFatal(e)) throw e;
        all = false;
        this.unread.push({ resource: "namespaces", namespace: name, gap: gapOf(e, "namespaces", name) });
      }
    }
    this.progress.finish("namespaces", all ? "done" : "partial");
    return all;
  }

  /** Lists every page of a resource, in one namespace or cluster-wide; objects are kept as they come. */
  private async list(r: ResourceSpec, namespace: string | undefined, query: Record<string, string> = {}): Promise<KubeObject[]> {
    const name = resourceName(r);
    let lastError: unknown;
    for (const version of r.versions) {
      try {
        const out: KubeObject[] = [];
        let token: string | undefined;
        do {
          const page = await this.client.getJson(collectionPath(r, version, namespace), { resource: name, query: { ...query, limit: PAGE_SIZE, continue: token } });
          const apiVersion = apiVersionOf(r, version);
          let n = 0;
          for (const item of asArray(page["items"])) {
            const o = liveObject(apiVersion, r.kind, item);
            if (o) {
              out.push(o);
              n++;
            }
          }
          this.progress.objects(name, n);
          token = asString(asRecord(page["metadata"])["continue"]) || undefined;
        } while (token);
        return out;
      } catch (e) {
        // a custom resource served in an older version only: try the next
        if (e instanceof KubeRequestError && e.status === 404 && r.versions.length > 1) {
          lastError = e;
          continue;
        }
        throw e;
      }
    }
    throw lastError;
  }

  /** Lists into the objects; an uninstalled custom resource is simply none. */
  private async tryList(r: ResourceSpec, namespace: string | undefined): Promise<{ result: "ok" } | { result: "forbidden" | "failed"; gap: LiveGap }> {
    try {
      this.objects.push(...(await this.list(r, namespace)));
      return { result: "ok" };
    } catch (e) {
      if (r.optional && e instanceof KubeRequestError && e.status === 404) return { result: "ok" };
      if (this.client.aborted) throw e;
      const resource = resourceName(r);
      const gap: LiveGap = { resource, ...(namespace !== undefined ? { namespace } : {}), gap: gapOf(e, resource, namespace) };
      return { result: e instanceof KubeRequestError && e.status === 403 ? "forbidden" : "failed", gap };
    }
  }

  /** The same, recording a failure as unread. */
  private async listInto(r: ResourceSpec, namespace: string | undefined): Promise<"ok" | "forbidden" | "failed"> {
    const outcome = await this.tryList(r, namespace);
    if (outcome.result !== "ok") this.unread.push(outcome.gap);
    return outcome.result;
  }

  private async readClusterResources(): Promise<boolean> {
    const results = await Promise.all(CLUSTER_RESOURCES.map(async (r) => [r, await this.listInto(r, undefined)] as const));
    for (const [r, result] of results) this.progress.finish(resourceName(r), result === "ok" ? "done" : "failed");
    return results.find(([r]) => r === MUTATING_WEBHOOKS)![1] === "ok";
  }

  /** Namespaces whose ServiceAccounts could be listed: the ones read, whatever else was refused in them. */
  private saNamespaces = new Set<string>();
  private saClusterWide = false;

  private async readNamespaced(all: boolean, namespaces: string[]): Promise<void> {
    const fallback: ResourceSpec[] = [];
    if (all) {
      // cluster-wide first; what the user may not list cluster-wide is read namespace by namespace
      await Promise.all(
        NAMESPACED_RESOURCES.map(async (r) => {
          const outcome = await this.tryList(r, undefined);
          if (outcome.result === "forbidden") fallback.push(r);
          else {
            if (outcome.result === "failed") this.unread.push(outcome.gap);
            this.progress.finish(resourceName(r), outcome.result === "ok" ? "done" : "failed");
          }
          if (r === SERVICE_ACCOUNTS && outcome.result === "ok") this.saClusterWide = true;
        }),
      );
    } else fallback.push(...NAMESPACED_RESOURCES);
    if (fallback.length === 0) return;

    const saFirst = fallback.includes(SERVICE_ACCOUNTS);
    let readable = namespaces;
    if (saFirst) {
      const results = await Promise.all(namespaces.map(async (ns) => [ns, await this.listInto(SERVICE_ACCOUNTS, ns)] as const));
      readable = results.filter(([, r]) => r === "ok").map(([ns]) => ns);
      this.progress.finish(resourceName(SERVICE_ACCOUNTS), readable.length === namespaces.length ? "done" : readable.length ? "partial" : "failed");
    } else for (const ns of namespaces) this.saNamespaces.add(ns);
    for (const ns of readable) this.saNamespaces.add(ns);
    const rest = fallback.filter((r) => r !== SERVICE_ACCOUNTS);
    await Promise.all(
      rest.map(async (r) => {
        const results = await Promise.all(readable.map((ns) => this.listInto(r, ns)));
        this.progress.finish(resourceName(r), results.every((x) => x === "ok") ? "done" : results.some((x) => x === "ok") ? "partial" : "failed");
      }),
    );
  }

  private coveredNamespaces(all: boolean, namespaces: string[]): { all: boolean; namespaces: string[] } {
    if (all && this.saClusterWide) {
      const seen = new Set(namespaces);
      for (const o of this.objects) if (o.namespace !== undefined) seen.add(o.namespace);
      return { all: true, namespaces: [...seen].sort() };
    }
    return { all: false, namespaces: namespaces.filter((ns) => this.saNamespaces.has(ns)) };
  }

  /**
   * The webhook's own objects, wherever it runs: whether its Service has ready endpoints (its
   * EndpointSlices), and, in the namespaces the run did not cover, its Deployment, Service and
   * ConfigMap, by name. Both namespaces it is installed in (the AKS add-on's and Helm's) are
   * looked at, so that an install in each is seen.
   */
  private async readWebhookObjects(covered: string[]): Promise<void> {
    const services = new Map<string, { namespace: string; name: string }>();
    for (const mwc of this.objects) {
      if (mwc.kind !== "MutatingWebhookConfiguration") continue;
      for (const w of asArray(mwc.raw["webhooks"])) {
        if (asRecord(w)["name"] !== WI.mutatingWebhookName) continue;
        const svc = asRecord(getIn(w, ["clientConfig", "service"]));
        const namespace = asString(svc["namespace"]);
        const name = asString(svc["name"]);
        if (namespace && name) services.set(`${namespace}/${name}`, { namespace, name });
      }
    }
    const fullyRead = (ns: string) => covered.includes(ns) && !this.unread.some((g) => g.namespace === ns || (g.namespace === undefined && g.resource === resourceName(DEPLOYMENTS)));
    const slices = resourceName(ENDPOINT_SLICES);
    const reads: Promise<void>[] = [...services.values()].map(async ({ namespace, name }) => {
      try {
        this.objects.push(...(await this.list(ENDPOINT_SLICES, namespace, { labelSelector: `kubernetes.io/service-name=${name}` })));
      } catch (e) {
        if (this.client.aborted) throw e;
        this.unread.push({ resource: slices, namespace, gap: gapOf(e, slices, namespace) });
      }
      if (!fullyRead(namespace)) await Promise.all([this.getInto(SERVICES, namespace, name), this.getInto(CONFIG_MAPS, namespace, WI.webhookConfigMap)]);
    });
    const namespaces = new Set([...WI.webhookNamespaces, ...[...services.values()].map((s) => s.namespace)]);
    for (const ns of namespaces) if (!fullyRead(ns)) reads.push(this.getInto(DEPLOYMENTS, ns, WI.webhookDeployment));
    await Promise.all(reads);
    if (services.size) this.progress.finish(slices, "done");
  }

  /** One named object; absent is fine, unreadable is recorded. */
  private async getInto(r: ResourceSpec, namespace: string, name: string): Promise<void> {
    const version = r.versions[0]!;
    if (this.objects.some((o) => o.kind === r.kind && o.namespace === namespace && o.name === name)) return;
    const resource = resourceName(r);
    try {
      const body = await this.client.getJson(`${collectionPath(r, version, namespace)}/${encodeURIComponent(name)}`, { resource });
      const o = liveObject(apiVersionOf(r, version), r.kind, body);
      if (o) this.objects.push(o);
      this.named.push(`${resource}/${namespace}/${name}`);
    } catch (e) {
      if (e instanceof KubeRequestError && e.status === 404) {
        this.named.push(`${resource}/${namespace}/${name}`);
        return;
      }
      if (this.client.aborted) throw e;
      this.unread.push({ resource, namespace, gap: gapOf(e, resource, namespace) });
    }
  }

  /** Warning events (what admission errors and failed mounts leave), the newest kept. */
  private async readEvents(all: boolean, namespaces: string[]): Promise<{ items: KubeEvent[]; read: boolean }> {
    const resource = resourceName(EVENTS);
    const raw: KubeEvent[] = [];
    const listEvents = async (namespace: string | undefined) => {
      let token: string | undefined;
      do {
        const page = await this.client.getJson(collectionPath(EVENTS, "v1", namespace), { resource, query: { fieldSelector: "type=Warning", limit: PAGE_SIZE, continue: token } });
        const items = asArray(page["items"]);
        for (const item of items) {
          const e = toKubeEvent(item);
          if (e) raw.push(e);
        }
        this.progress.objects(resource, items.length);
        token = asString(asRecord(page["metadata"])["continue"]) || undefined;
      } while (token);
    };
    const record = (e: unknown, namespace?: string) => {
      if (this.client.aborted) throw e;
      this.unread.push({ resource, ...(namespace !== undefined ? { namespace } : {}), gap: gapOf(e, resource, namespace) });
    };
    let read = false;
    let perNamespace = !all;
    if (all) {
      try {
        await listEvents(undefined);
        read = true;
      } catch (e) {
        if (e instanceof KubeRequestError && e.status === 403) perNamespace = true;
        else record(e);
      }
    }
    if (perNamespace) {
      const results = await Promise.all(
        namespaces.map(async (ns) => {
          try {
            await listEvents(ns);
            return true;
          } catch (e) {
            record(e, ns);
            return false;
          }
        }),
      );
      read = results.some(Boolean);
    }
    this.progress.finish(resource, read ? "done" : "failed");
    raw.sort((a, b) => (b.lastTimestamp ?? "").localeCompare(a.lastTimestamp ?? ""));
    return { items: raw.slice(0, this.limits.maxEvents), read };
  }

  /** The recent log lines of one pod per workload that uses workload identity, a few at a time. */
  private async readLogs(): Promise<{ items: LogExcerpt[]; read: boolean }> {
    const resource = "pods/log";
    const targets = logTargets(this.objects);
    const forbidden = new Set<string>();
    const items: LogExcerpt[] = [];
    let attempted = 0;
    const readOne = async (t: LogTarget, container: string) => {
      if (forbidden.has(t.namespace)) return;
      attempted++;
      try {
        const text = await this.client.getText(`/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.pod)}/log`, {
          resource,
          query: { container, tailLines: this.limits.logTailLines, limitBytes: this.limits.logLimitBytes, timestamps: "true" },
        });
        items.push(toLogExcerpt(t, container, text));
        this.progress.objects(resource, 1);
      } catch (e) {
        if (this.client.aborted) throw e;
        // a container that has not started, or a pod gone since it was listed: nothing to read
        if (e instanceof KubeRequestError && (e.status === 400 || e.status === 404)) return;
        if (e instanceof KubeRequestError && e.status === 403) {
          if (forbidden.has(t.namespace)) return;
          forbidden.add(t.namespace);
        }
        this.unread.push({ resource, namespace: t.namespace, gap: gapOf(e, resource, t.namespace) });
      }
    };
    // per namespace, one read first: a namespace whose logs are closed costs one request, not one per pod
    const byNamespace = new Map<string, [LogTarget, string][]>();
    for (const t of targets) for (const c of t.containers) addTo(byNamespace, t.namespace, [t, c]);
    await Promise.all(
      [...byNamespace.values()].map(async ([first, ...rest]) => {
        await readOne(...first!);
        await Promise.all(rest.map((r) => readOne(...r)));
      }),
    );
    const failedEverywhere = attempted > 0 && items.length === 0 && this.unread.some((g) => g.resource === resource);
    this.progress.finish(resource, failedEverywhere ? "failed" : "done");
    items.sort((a, b) => `${a.namespace}/${a.pod}/${a.container}`.localeCompare(`${b.namespace}/${b.pod}/${b.container}`));
    return { items, read: !failedEverywhere };
  }
}

/** The gap of a data key whose reads all failed: the first failure says why. */
export function firstGap(unread: readonly LiveGap[], resource: string): DataGap | undefined {
  return unread.find((g) => g.resource === resource)?.gap;
}
