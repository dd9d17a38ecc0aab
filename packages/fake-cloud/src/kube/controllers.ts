import { randomBytes } from "node:crypto";
import type { KubeApi } from "./api.js";
import type { KubeObj } from "./store.js";
import { kubeTime } from "./store.js";
import { StatusError } from "./status.js";
import { podTemplateHash } from "./names.js";
import { labelSelectorMatcher } from "./selectors.js";
import type { PodState } from "../scenario/types.js";

const PODS = "/pods";
const RS = "apps/replicasets";
const DEPLOY = "apps/deployments";
const STS = "apps/statefulsets";
const DS = "apps/daemonsets";
const JOBS = "batch/jobs";
const NODES = "/nodes";
const SERVICES = "/services";
const ENDPOINTS = "/endpoints";
const EVENTS = "/events";
const SLICES = "discovery.k8s.io/endpointslices";

type Ref = { apiVersion: string; kind: string; name: string; uid: string; controller: true; blockOwnerDeletion: true };

function ownerRef(o: KubeObj, apiVersion: string, kind: string): Ref {
  return { apiVersion, kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
}

function controllerUid(o: KubeObj): string | undefined {
  return (o.metadata?.ownerReferences ?? []).find((r: KubeObj) => r.controller)?.uid;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const templateKeys = new WeakMap<object, string>();

/** A pod template without its pod-template-hash label, as text (stored objects never change, so it is cached). */
function templateKey(template: KubeObj | undefined): string {
  const t0 = template ?? {};
  const known = templateKeys.get(t0);
  if (known !== undefined) return known;
  const t = structuredClone(t0);
  if (t.metadata?.labels) delete t.metadata.labels["pod-template-hash"];
  if (t.metadata?.labels && Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  const key = JSON.stringify(t);
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
  private nextIp = 10;
  /** Events by involved object, reason and message, so repeats count up instead of piling up. */
  private readonly eventNames = new Map<string, string>();
  podStates: PodState[] = [];

  constructor(
    private readonly api: KubeApi,
    private readonly rootCaPem: string,
  ) {}

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
  }

  kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  idle(): Promise<void> {
    if (!this.scheduled && !this.running) return Promise.resolve();
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
    if (!this.scheduled) {
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
    for (const p of this.api.store.list(PODS)) this.kubelet(p);
    const rsAfter = byOwner(RS);
    for (const d of this.api.store.list(DEPLOY)) this.deploymentStatus(d, rsAfter.get(d.metadata.uid) ?? []);
    this.endpoints();
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
      this.event(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 0 to ${replicas}`, "deployment-controller");
    } else if (current.spec.replicas !== replicas || current.metadata.annotations?.["deployment.kubernetes.io/revision"] !== String(maxRevision) && revisions.filter((r) => r === maxRevision).length > 1) {
      this.updateStored(RS, current, (rs) => {
        rs.spec.replicas = replicas;
      });
    }
    for (const old of owned) {
      if (old.metadata.uid === current.metadata.uid || (old.spec.replicas ?? 0) === 0) continue;
      const from = old.spec.replicas;
      this.updateStored(RS, old, (rs) => {
        rs.spec.replicas = 0;
      });
      this.event(d, "Normal", "ScalingReplicaSet", `Scaled down replica set ${old.metadata.name} from ${from} to 0`, "deployment-controller");
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
    if (!same(stripTimes(prev), stripTimes(status))) this.updateStored(DEPLOY, d, (o) => (o.status = status));
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
      this.event(owner, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, component);
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
      this.event(owner, "Warning", "FailedCreate", `Error creating: ${e.status.message}`, component);
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
    this.updateStored(RS, current, (o) => {
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
        this.event(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, "replicaset-controller");
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
    if (fresh && !same(fresh.status, status)) this.updateStored(RS, fresh, (o) => (o.status = status));
  }

  private statefulSet(s: KubeObj, pods: KubeObj[]): void {
    const want: number = s.spec.replicas ?? 1;
    const names = new Set(pods.map((p) => p.metadata.name));
    for (let i = 0; i < want; i++) {
      const name = `${s.metadata.name}-${i}`;
      if (names.has(name)) continue;
      const labels = { "statefulset.kubernetes.io/pod-name": name, "apps.kubernetes.io/pod-index": String(i) };
      if (!this.createPod(s, "StatefulSet", "apps/v1", s.spec.template, name, labels)) break;
    }
    const ready = this.api.store.list(PODS, s.metadata.namespace).filter((p) => controllerUid(p) === s.metadata.uid && isReady(p)).length;
    const status = { observedGeneration: s.metadata.generation ?? 1, replicas: want, readyReplicas: ready, currentReplicas: want, updatedReplicas: want, availableReplicas: ready };
    if (!same(s.status, status)) this.updateStored(STS, s, (o) => (o.status = status));
  }

  private daemonSet(s: KubeObj, pods: KubeObj[]): void {
    const nodes = this.api.store.list(NODES);
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
      if (!this.createPod(s, "DaemonSet", "apps/v1", template, undefined)) break;
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
    if (!same(s.status, status)) this.updateStored(DS, s, (o) => (o.status = status));
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
      this.updateStored(JOBS, j, (o) => (o.status = { ...(o.status ?? {}), active, startTime: o.status?.startTime ?? kubeTime(), ready: active }));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Kubelet and endpoints

  private stateFor(p: KubeObj): PodState["state"] {
    const s = this.podStates.find((x) => x.namespace === p.metadata.namespace && p.metadata.name.startsWith(x.podPrefix));
    return s?.state ?? "Running";
  }

  private kubelet(p: KubeObj): void {
    if (p.status?.phase !== "Pending" || p.status?.containerStatuses) return;
    const state = this.stateFor(p);
    const node = this.api.store.list(NODES)[0];
    if (state === "Pending") {
      if (p.status.conditions) return;
      this.updateStored(PODS, p, (o) => {
        o.status = {
          phase: "Pending",
          qosClass: o.status.qosClass,
          conditions: [{ type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: kubeTime(), reason: "Unschedulable", message: "0/1 nodes are available: 1 Insufficient cpu." }],
        };
      });
      return;
    }
    const ip = `10.244.0.${this.nextIp++ % 250}`;
    const now = kubeTime();
    this.updateStored(PODS, p, (o) => {
      o.spec.nodeName ??= node?.metadata.name;
      const ready = state === "Running";
      const containerStatus = (c: KubeObj) => {
        const base = { name: c.name, image: c.image, imageID: "", containerID: ready ? `containerd://${randomBytes(32).toString("hex")}` : undefined, started: ready, ready, restartCount: 0 };
        if (state === "CrashLoopBackOff") {
          return {
            ...base,
            containerID: `containerd://${randomBytes(32).toString("hex")}`,
            restartCount: 5,
            state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 2m40s restarting failed container=${c.name} pod=${o.metadata.name}_${o.metadata.namespace}(${o.metadata.uid})` } },
            lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: now, finishedAt: now, containerID: `containerd://${randomBytes(32).toString("hex")}` } },
          };
        }
        if (state === "ImagePullBackOff") return { ...base, state: { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.image}"` } } };
        return { ...base, state: { running: { startedAt: now } } };
      };
      o.status = {
        phase: state === "ImagePullBackOff" ? "Pending" : "Running",
        conditions: [
          { type: "PodReadyToStartContainers", status: "True", lastProbeTime: null, lastTransitionTime: now },
          { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: now },
          { type: "Ready", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: now, ...(ready ? {} : { reason: "ContainersNotReady", message: `containers with unready status: [${(o.spec.containers ?? []).map((c: KubeObj) => c.name).join(" ")}]` }) },
          { type: "ContainersReady", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: now },
          { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now },
        ],
        hostIP: "10.224.0.4",
        hostIPs: [{ ip: "10.224.0.4" }],
        podIP: ip,
        podIPs: [{ ip }],
        startTime: now,
        ...(o.spec.initContainers ? { initContainerStatuses: o.spec.initContainers.map((c: KubeObj) => ({ name: c.name, image: c.image, imageID: "", ready: c.restartPolicy === "Always", restartCount: 0, started: c.restartPolicy === "Always", state: c.restartPolicy === "Always" ? { running: { startedAt: now } } : { terminated: { exitCode: 0, reason: "Completed", startedAt: now, finishedAt: now } } })) } : {}),
        containerStatuses: (o.spec.containers ?? []).map(containerStatus).map((c: KubeObj) => JSON.parse(JSON.stringify(c))),
        qosClass: o.status?.qosClass ?? "BestEffort",
      };
    });
  }

  private endpoints(): void {
    const rt = this.api.registry.forKind("v1", "Endpoints")!;
    for (const svc of this.api.store.list(SERVICES)) {
      if (!svc.spec?.selector) continue;
      const match = labelSelectorMatcher({ matchLabels: svc.spec.selector });
      const pods = this.api.store.list(PODS, svc.metadata.namespace).filter((p) => match(p.metadata.labels) && p.status?.podIP);
      const addr = (p: KubeObj) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid } });
      const ready = pods.filter(isReady).map(addr);
      const notReady = pods.filter((p) => !isReady(p)).map(addr);
      const ports = (svc.spec.ports ?? []).map((p: KubeObj) => ({ ...(p.name ? { name: p.name } : {}), port: typeof p.targetPort === "number" ? p.targetPort : p.port, protocol: p.protocol ?? "TCP" }));
      const subsets = pods.length ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }] : undefined;
      this.endpointSlice(svc, pods, ports);
      const current = this.api.store.get(ENDPOINTS, svc.metadata.namespace, svc.metadata.name);
      const body: KubeObj = { apiVersion: "v1", kind: "Endpoints", metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels: svc.metadata.labels ?? {} } };
      if (subsets) body["subsets"] = subsets;
      if (!current) {
        this.api.create(rt, svc.metadata.namespace, body, { fieldManager: "kube-controller-manager" });
      } else if (!same(current.subsets, body["subsets"])) {
        this.updateStored(ENDPOINTS, current, (o) => {
          if (subsets) o.subsets = subsets;
          else delete o.subsets;
        });
      }
    }
  }

  /** The EndpointSlice controller: one slice per Service, named `<service>-<suffix>`. */
  private endpointSlice(svc: KubeObj, pods: KubeObj[], ports: KubeObj[]): void {
    const ns: string = svc.metadata.namespace;
    const existing = this.api.store.list(SLICES, ns).find((s) => s.metadata.labels?.["kubernetes.io/service-name"] === svc.metadata.name);
    const endpoints = pods.map((p) => ({
      addresses: [p.status.podIP],
      conditions: { ready: isReady(p), serving: isReady(p), terminating: false },
      nodeName: p.spec.nodeName,
      targetRef: { kind: "Pod", namespace: ns, name: p.metadata.name, uid: p.metadata.uid },
    }));
    if (!existing) {
      this.api.create(this.api.registry.forKind("discovery.k8s.io/v1", "EndpointSlice")!, ns, {
        metadata: {
          generateName: `${svc.metadata.name}-`,
          labels: { "kubernetes.io/service-name": svc.metadata.name, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" },
          ownerReferences: [ownerRef(svc, "v1", "Service")],
        },
        addressType: "IPv4",
        endpoints,
        ports,
      }, { fieldManager: "kube-controller-manager" });
    } else if (!same(existing.endpoints, endpoints)) {
      this.updateStored(SLICES, existing, (o) => (o.endpoints = endpoints));
    }
  }

  // ------------------------------------------------------------------------------------------

  /** Stores a changed copy of the current object; `change` may replace top-level, metadata and spec fields. */
  private updateStored(resource: string, o: KubeObj, change: (o: KubeObj) => void): void {
    const fresh = this.api.store.get(resource, o.metadata.namespace, o.metadata.name);
    if (!fresh) return;
    const next: KubeObj = { ...fresh, metadata: { ...fresh.metadata }, ...(fresh.spec ? { spec: { ...fresh.spec } } : {}) };
    change(next);
    this.api.store.update(resource, next);
  }

  /** Records an Event, counting repeats as the event correlator does. */
  event(obj: KubeObj, type: string, reason: string, message: string, component: string): void {
    const ns = obj.metadata.namespace ?? "default";
    const now = kubeTime();
    const key = `${obj.metadata.uid}\u0000${reason}\u0000${message}`;
    const known = this.eventNames.get(key);
    const existing = known ? this.api.store.get(EVENTS, ns, known) : undefined;
    if (existing) {
      this.updateStored(EVENTS, existing, (e) => {
        e.count = (e.count ?? 1) + 1;
        e.lastTimestamp = now;
      });
      return;
    }
    const eventName = `${obj.metadata.name}.${randomBytes(8).toString("hex")}`;
    this.eventNames.set(key, eventName);
    const rt = this.api.registry.forKind("v1", "Event")!;
    this.api.create(rt, ns, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: eventName, namespace: ns },
      involvedObject: { kind: obj.kind, namespace: ns, name: obj.metadata.name, uid: obj.metadata.uid, apiVersion: obj.apiVersion, resourceVersion: obj.metadata.resourceVersion },
      reason,
      message,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: "",
    }, { fieldManager: "kube-controller-manager" });
  }
}

function isReady(p: KubeObj): boolean {
  return (p.status?.conditions ?? []).some((c: KubeObj) => c.type === "Ready" && c.status === "True");
}

function stripTimes(s: KubeObj): KubeObj {
  const c = structuredClone(s ?? {});
  for (const x of c.conditions ?? []) {
    delete x.lastUpdateTime;
    delete x.lastTransitionTime;
  }
  return c;
}

export function defaultNode(name: string): KubeObj {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels: {
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.azure.com/agentpool": "nodepool1",
        "kubernetes.azure.com/mode": "system",
        "node.kubernetes.io/instance-type": "Standard_D4ds_v5",
        "topology.kubernetes.io/region": "eastus",
      },
    },
    spec: { providerID: `azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mc_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-12345678-vmss/virtualMachines/0` },
    status: {
      conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }],
      addresses: [{ type: "InternalIP", address: "10.224.0.4" }, { type: "Hostname", address: name }],
      nodeInfo: { kubeletVersion: "v1.32.4", osImage: "Ubuntu 22.04.5 LTS", containerRuntimeVersion: "containerd://1.7.27-1", operatingSystem: "linux", architecture: "amd64" },
    },
  };
}
