import type { KubeApi } from "./api.js";
import type { KubeObj } from "./store.js";
import { kubeTime } from "./store.js";
import { StatusError } from "./status.js";
import { podTemplateHash } from "./names.js";
import type { PodState } from "../scenario/types.js";
import { controllerUid, isReady, ownerRef, same, updateStored } from "./controller-util.js";
import { EventRecorder } from "./event-recorder.js";
import { Kubelet, defaultNode } from "./kubelet.js";
import { EndpointsController } from "./endpoints-controller.js";
import { canonicalJson } from "./canonical.js";

export { defaultNode };

const PODS = "/pods";
const RS = "apps/replicasets";
const DEPLOY = "apps/deployments";
const STS = "apps/statefulsets";
const DS = "apps/daemonsets";
const JOBS = "batch/jobs";
const NODES = "/nodes";
const EVENTS = "/events";

const templateKeys = new WeakMap<object, string>();

/** A pod template without its pod-template-hash label, as text (stored objects never change, so it is cached). */
function templateKey(template: KubeObj | undefined): string {
  const t0 = template ?? {};
  const known = templateKeys.get(t0);
  if (known !== undefined) return known;
  const t = structuredClone(t0);
  if (t.metadata?.labels) delete t.metadata.labels["pod-template-hash"];
  if (t.metadata?.labels && Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  const key = canonicalJson(t);
  templateKeys.set(t0, key);
  return key;
}

/**
 * The controllers and kubelet a cluster needs for wid's purposes: Deployment -> ReplicaSet ->
 * Pod (so a rollout restart creates new pods that go through admission), StatefulSet,
 * DaemonSet and Job pods, pods scheduled and started, Endpoints of Services, Events.
 */
export class Controllers {
  private scheduled = false;
  private running = false;
  private stopped = false;
  private waiters: (() => void)[] = [];
  private readonly backoff = new Map<string, { until: number; delay: number }>();
  private timers = new Set<NodeJS.Timeout>();
  /** Pods being stopped by their kubelet: uid -> the deletionTimestamp the stop was planned for. */
  private readonly stopping = new Map<string, { deadline: string; timer: NodeJS.Timeout }>();
  private readonly events: EventRecorder;
  private readonly kubelet: Kubelet;
  private readonly endpoints: EndpointsController;

  constructor(
    private readonly api: KubeApi,
    private readonly rootCaPem: string,
    podStates: PodState[] = [],
    /** How long a kubelet takes to stop a pod's containers (at most its grace period). */
    private readonly podStopMs = 1000,
  ) {
    this.events = new EventRecorder(api);
    this.kubelet = new Kubelet(api, podStates);
    this.endpoints = new EndpointsController(api);
  }

  start(): void {
    this.api.store.events.on("change", (e: { resource: string }) => {
      if (e.resource !== EVENTS) this.kick();
    });
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.stopping.values()) clearTimeout(s.timer);
    this.stopping.clear();
  }

  kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  /** Resolves once the controllers have nothing left to do, pods being stopped included. */
  idle(): Promise<void> {
    if (!this.scheduled && !this.running && this.stopping.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  nodeOf(pod: KubeObj): { name: string; uid: string } | undefined {
    const name = pod.spec?.nodeName;
    if (!name) return undefined;
    const node = this.api.store.get(NODES, undefined, name);
    return node ? { name, uid: node.metadata.uid } : undefined;
  }

  private run(): void {
    this.scheduled = false;
    if (this.stopped) return;
    this.running = true;
    try {
      for (let i = 0; i < 50; i++) {
        const before = this.api.store.resourceVersion;
        this.reconcile();
        if (this.api.store.resourceVersion === before) break;
      }
    } finally {
      this.running = false;
    }
    if (!this.scheduled && this.stopping.size === 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }
  }

  private reconcile(): void {
    this.ensureNode();
    for (const ns of this.api.store.list("/namespaces")) this.namespace(ns);
    const byOwner = (resource: string) => {
      const m = new Map<string, KubeObj[]>();
      for (const o of this.api.store.list(resource)) {
        const uid = controllerUid(o);
        if (!uid) continue;
        const list = m.get(uid);
        if (list) list.push(o);
        else m.set(uid, [o]);
      }
      return m;
    };
    const rsBefore = byOwner(RS);
    for (const d of this.api.store.list(DEPLOY)) this.deployment(d, rsBefore.get(d.metadata.uid) ?? []);
    const podsByOwner = byOwner(PODS);
    for (const rs of this.api.store.list(RS)) this.replicaSet(rs, podsByOwner.get(rs.metadata.uid) ?? []);
    for (const s of this.api.store.list(STS)) this.statefulSet(s, podsByOwner.get(s.metadata.uid) ?? []);
    for (const s of this.api.store.list(DS)) this.daemonSet(s, podsByOwner.get(s.metadata.uid) ?? []);
    for (const j of this.api.store.list(JOBS)) this.job(j, podsByOwner.get(j.metadata.uid) ?? []);
    for (const p of this.api.store.list(PODS)) {
      if (p.metadata.deletionTimestamp) this.stopPod(p);
      else this.kubelet.run(p);
    }
    const rsAfter = byOwner(RS);
    for (const d of this.api.store.list(DEPLOY)) this.deploymentStatus(d, rsAfter.get(d.metadata.uid) ?? []);
    this.endpoints.reconcile();
  }

  /**
   * A kubelet stopping a deleted pod: its containers get the grace period (or less, when they exit
   * sooner), then the kubelet deletes the pod for good. A later delete that shortens the grace
   * period moves the stop forward.
   */
  private stopPod(p: KubeObj): void {
    const uid: string = p.metadata.uid;
    const planned = this.stopping.get(uid);
    if (planned?.deadline === p.metadata.deletionTimestamp) return;
    if (planned) clearTimeout(planned.timer);
    const left = Math.max(0, Date.parse(p.metadata.deletionTimestamp) - Date.now());
    const timer = setTimeout(() => {
      this.stopping.delete(uid);
      this.api.finishPodDeletion(p);
      this.kick();
    }, Math.min(left, this.podStopMs));
    timer.unref();
    this.stopping.set(uid, { deadline: p.metadata.deletionTimestamp, timer });
  }

  private ensureNode(): void {
    if (this.api.store.list(NODES).length > 0) return;
    this.api.seed(defaultNode("aks-nodepool1-12345678-vmss000000"));
  }

  /** The service account and root CA controllers: every namespace has `default` and `kube-root-ca.crt`. */
  private namespace(ns: KubeObj): void {
    if (ns.status?.phase === "Terminating") return;
    const name: string = ns.metadata.name;
    if (!this.api.store.get("/serviceaccounts", name, "default")) {
      this.api.create(this.api.registry.forKind("v1", "ServiceAccount")!, name, { metadata: { name: "default" } }, { fieldManager: "kube-controller-manager" });
    }
    if (!this.api.store.get("/configmaps", name, "kube-root-ca.crt")) {
      this.api.create(
        this.api.registry.forKind("v1", "ConfigMap")!,
        name,
        { metadata: { name: "kube-root-ca.crt", annotations: { "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } }, data: { "ca.crt": this.rootCaPem } },
        { fieldManager: "kube-controller-manager" },
      );
    }
  }

  // ------------------------------------------------------------------------------------------
  // Deployment -> ReplicaSet

  private deployment(d: KubeObj, owned: KubeObj[]): void {
    const template = d.spec.template;
    let current = owned.find((rs) => templateKey(rs.spec.template) === templateKey(template));
    const replicas: number = d.spec.replicas ?? 1;
    const revisions = owned.map((rs) => Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0));
    const maxRevision = revisions.length ? Math.max(...revisions) : 0;
    if (!current) {
      const hash = podTemplateHash(template);
      const labels = { ...(template.metadata?.labels ?? {}), "pod-template-hash": hash };
      const rsTemplate = structuredClone(template);
      rsTemplate.metadata = { ...(rsTemplate.metadata ?? {}), labels };
      const selector = structuredClone(d.spec.selector ?? {});
      selector.matchLabels = { ...(selector.matchLabels ?? {}), "pod-template-hash": hash };
      const rs: KubeObj = {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: d.metadata.namespace,
          labels,
          annotations: {
            "deployment.kubernetes.io/desired-replicas": String(replicas),
            "deployment.kubernetes.io/max-replicas": String(replicas + 1),
            "deployment.kubernetes.io/revision": String(maxRevision + 1),
          },
          ownerReferences: [ownerRef(d, "apps/v1", "Deployment")],
        },
        spec: { replicas, selector, template: rsTemplate },
      };
      const rt = this.api.registry.forKind("apps/v1", "ReplicaSet")!;
      try {
        current = this.api.create(rt, d.metadata.namespace, rs, { fieldManager: "kube-controller-manager" });
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        return;
      }
      this.events.record(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 0 to ${replicas}`, "deployment-controller");
    } else if (current.spec.replicas !== replicas || current.metadata.annotations?.["deployment.kubernetes.io/revision"] !== String(maxRevision) && revisions.filter((r) => r === maxRevision).length > 1) {
      updateStored(this.api, RS, current, (rs) => {
        rs.spec.replicas = replicas;
      });
    }
    for (const old of owned) {
      if (old.metadata.uid === current.metadata.uid || (old.spec.replicas ?? 0) === 0) continue;
      const from = old.spec.replicas;
      updateStored(this.api, RS, old, (rs) => {
        rs.spec.replicas = 0;
      });
      this.events.record(d, "Normal", "ScalingReplicaSet", `Scaled down replica set ${old.metadata.name} from ${from} to 0`, "deployment-controller");
    }
    const limit: number = d.spec.revisionHistoryLimit ?? 10;
    const old = owned
      .filter((rs) => rs.metadata.uid !== current!.metadata.uid && (rs.spec.replicas ?? 0) === 0)
      .sort((a, b) => Number(a.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0) - Number(b.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0));
    const rt = this.api.registry.forKind("apps/v1", "ReplicaSet")!;
    for (const rs of old.slice(0, Math.max(0, old.length - limit))) this.api.delete(rt, rs.metadata.namespace, rs.metadata.name, {});
  }

  private deploymentStatus(d: KubeObj, owned: KubeObj[]): void {
    const newest = owned.find((rs) => templateKey(rs.spec.template) === templateKey(d.spec.template));
    const sum = (f: (rs: KubeObj) => number) => owned.reduce((n, rs) => n + f(rs), 0);
    const replicas = sum((rs) => rs.status?.replicas ?? 0);
    const ready = sum((rs) => rs.status?.readyReplicas ?? 0);
    const available = sum((rs) => rs.status?.availableReplicas ?? 0);
    const updated = newest?.status?.replicas ?? 0;
    const desired = d.spec.replicas ?? 1;
    const prev = d.status ?? {};
    const cond = (type: string, status: string, reason: string, message: string) => {
      const old = (prev.conditions ?? []).find((c: KubeObj) => c.type === type);
      const now = kubeTime();
      return {
        type,
        status,
        lastUpdateTime: old && old.reason === reason && old.status === status ? old.lastUpdateTime : now,
        lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const failure = newest && (newest.status?.conditions ?? []).find((c: KubeObj) => c.type === "ReplicaFailure" && c.status === "True");
    const conditions = [
      available >= desired
        ? cond("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
        : cond("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
      ...(failure ? [cond("ReplicaFailure", "True", "FailedCreate", failure.message)] : []),
      updated >= desired && available >= desired
        ? cond("Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${newest?.metadata.name}" has successfully progressed.`)
        : cond("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${newest?.metadata.name}" is progressing.`),
    ];
    const status: KubeObj = { observedGeneration: d.metadata.generation ?? 1, replicas, updatedReplicas: updated, readyReplicas: ready, availableReplicas: available, conditions };
    if (available < replicas) status["unavailableReplicas"] = replicas - available;
    for (const k of ["replicas", "updatedReplicas", "readyReplicas", "availableReplicas"]) if (status[k] === 0) delete status[k];
    if (!same(stripTimes(prev), stripTimes(status))) updateStored(this.api, DEPLOY, d, (o) => (o.status = status));
  }

  // ------------------------------------------------------------------------------------------
  // Pods of ReplicaSets, StatefulSets, DaemonSets and Jobs

  private createPod(owner: KubeObj, ownerKind: string, ownerApiVersion: string, template: KubeObj, name: string | undefined, extraLabels: Record<string, string> = {}): KubeObj | undefined {
    const key = `${ownerKind}/${owner.metadata.uid}`;
    const b = this.backoff.get(key);
    if (b && Date.now() < b.until) return undefined;
    const pod: KubeObj = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        ...(name ? { name } : { generateName: `${owner.metadata.name}-` }),
        namespace: owner.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}), ...extraLabels },
        ...(template.metadata?.annotations ? { annotations: structuredClone(template.metadata.annotations) } : {}),
        ownerReferences: [ownerRef(owner, ownerApiVersion, ownerKind)],
      },
      spec: structuredClone(template.spec ?? {}),
    };
    const rt = this.api.registry.forKind("v1", "Pod")!;
    const component = `${ownerKind.toLowerCase()}-controller`;
    try {
      const created = this.api.create(rt, owner.metadata.namespace, pod, { fieldManager: "kube-controller-manager" });
      this.backoff.delete(key);
      this.events.record(owner, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, component);
      this.setFailure(owner, ownerKind, undefined);
      return created;
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      const delay = Math.min((b?.delay ?? 500) * 2, 30_000);
      this.backoff.set(key, { until: Date.now() + delay, delay });
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.kick();
      }, delay);
      t.unref();
      this.timers.add(t);
      this.events.record(owner, "Warning", "FailedCreate", `Error creating: ${e.status.message}`, component);
      this.setFailure(owner, ownerKind, e.status.message);
      return undefined;
    }
  }

  private setFailure(owner: KubeObj, kind: string, message: string | undefined): void {
    if (kind !== "ReplicaSet") return;
    const current = this.api.store.get(RS, owner.metadata.namespace, owner.metadata.name);
    if (!current) return;
    const others = (current.status?.conditions ?? []).filter((c: KubeObj) => c.type !== "ReplicaFailure");
    const conditions = message
      ? [...others, { type: "ReplicaFailure", status: "True", lastTransitionTime: kubeTime(), reason: "FailedCreate", message }]
      : others;
    if (same(conditions.map((c: KubeObj) => c.message), (current.status?.conditions ?? []).map((c: KubeObj) => c.message))) return;
    updateStored(this.api, RS, current, (o) => {
      o.status = { ...(o.status ?? {}), conditions };
      if (conditions.length === 0) delete o.status.conditions;
    });
  }

  private replicaSet(rs: KubeObj, pods: KubeObj[]): void {
    const want: number = rs.spec.replicas ?? 1;
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    for (let i = live.length; i < want; i++) {
      const created = this.createPod(rs, "ReplicaSet", "apps/v1", rs.spec.template, undefined);
      if (!created) break;
      live.push(created);
    }
    if (live.length > want) {
      const rt = this.api.registry.forKind("v1", "Pod")!;
      const extra = [...live].sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1)).slice(0, live.length - want);
      for (const p of extra) {
        this.api.delete(rt, p.metadata.namespace, p.metadata.name, {});
        this.events.record(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, "replicaset-controller");
        live.splice(live.indexOf(p), 1);
      }
    }
    const ready = live.filter(isReady).length;
    const fresh = this.api.store.get(RS, rs.metadata.namespace, rs.metadata.name);
    const status: KubeObj = {
      ...(fresh?.status ?? {}),
      replicas: live.length,
      fullyLabeledReplicas: live.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    for (const k of ["fullyLabeledReplicas", "readyReplicas", "availableReplicas"]) if (status[k] === 0) delete status[k];
    if (fresh && !same(fresh.status, status)) updateStored(this.api, RS, fresh, (o) => (o.status = status));
  }

  /**
   * Pods of an older template (a rollout restart changes it) are deleted so they come back from
   * the current one: a StatefulSet one at a time from the highest ordinal, a DaemonSet all at once.
   * A deleted pod keeps its place (name, node) until its kubelet has stopped it; a StatefulSet
   * deletes the next one only then. Pods without a revision label predate the cluster's
   * observation and are kept.
   */
  private replaceOutdated(owner: KubeObj, pods: KubeObj[], revision: string, oneAtATime: boolean): void {
    if (oneAtATime && pods.some((p) => p.metadata.deletionTimestamp)) return;
    const outdated = pods
      .filter((p) => {
        const r = p.metadata.labels?.["controller-revision-hash"];
        return r !== undefined && r !== revision && !p.metadata.deletionTimestamp;
      })
      .sort((a, b) => (a.metadata.name < b.metadata.name ? 1 : -1));
    const rt = this.api.registry.forKind("v1", "Pod")!;
    const gone = oneAtATime ? outdated.slice(0, 1) : outdated;
    for (const p of gone) {
      this.api.delete(rt, p.metadata.namespace, p.metadata.name, {});
      this.events.record(owner, "Normal", "SuccessfulDelete", `delete Pod ${p.metadata.name} in ${owner.kind} ${owner.metadata.name} successful`, `${owner.kind.toLowerCase()}-controller`);
    }
  }

  private statefulSet(s: KubeObj, allPods: KubeObj[]): void {
    const want: number = s.spec.replicas ?? 1;
    const revision = `${s.metadata.name}-${podTemplateHash(s.spec.template)}`;
    this.replaceOutdated(s, allPods, revision, true);
    const names = new Set(allPods.map((p) => p.metadata.name));
    for (let i = 0; i < want; i++) {
      const name = `${s.metadata.name}-${i}`;
      if (names.has(name)) continue;
      const labels = { "statefulset.kubernetes.io/pod-name": name, "apps.kubernetes.io/pod-index": String(i), "controller-revision-hash": revision };
      if (!this.createPod(s, "StatefulSet", "apps/v1", s.spec.template, name, labels)) break;
    }
    const ready = this.api.store.list(PODS, s.metadata.namespace).filter((p) => controllerUid(p) === s.metadata.uid && isReady(p)).length;
    const status = { observedGeneration: s.metadata.generation ?? 1, replicas: want, readyReplicas: ready, currentReplicas: want, updatedReplicas: want, availableReplicas: ready };
    if (!same(s.status, status)) updateStored(this.api, STS, s, (o) => (o.status = status));
  }

  private daemonSet(s: KubeObj, allPods: KubeObj[]): void {
    const nodes = this.api.store.list(NODES);
    const revision = podTemplateHash(s.spec.template);
    this.replaceOutdated(s, allPods, revision, false);
    const pods = allPods;
    for (const node of nodes) {
      if (pods.some((p) => p.spec?.nodeName === node.metadata.name || p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0] === node.metadata.name)) continue;
      const template = structuredClone(s.spec.template);
      template.spec.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [node.metadata.name] }] }],
          },
        },
      };
      if (!this.createPod(s, "DaemonSet", "apps/v1", template, undefined, { "controller-revision-hash": revision })) break;
    }
    const mine = this.api.store.list(PODS, s.metadata.namespace).filter((p) => controllerUid(p) === s.metadata.uid);
    const ready = mine.filter(isReady).length;
    const status = {
      currentNumberScheduled: mine.length,
      desiredNumberScheduled: nodes.length,
      numberAvailable: ready,
      numberMisscheduled: 0,
      numberReady: ready,
      observedGeneration: s.metadata.generation ?? 1,
      updatedNumberScheduled: mine.length,
    };
    if (!same(s.status, status)) updateStored(this.api, DS, s, (o) => (o.status = status));
  }

  private job(j: KubeObj, pods: KubeObj[]): void {
    const want: number = j.spec.parallelism ?? 1;
    if (j.spec.suspend) return;
    const labels = {
      "batch.kubernetes.io/controller-uid": j.metadata.uid,
      "batch.kubernetes.io/job-name": j.metadata.name,
      "controller-uid": j.metadata.uid,
      "job-name": j.metadata.name,
    };
    for (let i = pods.length; i < want; i++) if (!this.createPod(j, "Job", "batch/v1", j.spec.template, undefined, labels)) break;
    const active = this.api.store.list(PODS, j.metadata.namespace).filter((p) => controllerUid(p) === j.metadata.uid).length;
    if (j.status?.active !== active) {
      updateStored(this.api, JOBS, j, (o) => (o.status = { ...(o.status ?? {}), active, startTime: o.status?.startTime ?? kubeTime(), ready: active }));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Kubelet and endpoints

  // ------------------------------------------------------------------------------------------

}

function stripTimes(s: KubeObj): KubeObj {
  const c = structuredClone(s ?? {});
  for (const x of c.conditions ?? []) {
    delete x.lastUpdateTime;
    delete x.lastTransitionTime;
  }
  return c;
}

