import { randomBytes } from "node:crypto";
import type { KubeApi } from "./api.js";
import { kubeTime, type KubeObj } from "./store.js";
import { updateStored } from "./controller-util.js";

const EVENTS = "/events";

/** What controllers report about the objects they act on, as core/v1 Events. */
export class EventRecorder {
  /** Events by involved object, reason and message, so repeats count up instead of piling up. */
  private readonly eventNames = new Map<string, string>();

  constructor(private readonly api: KubeApi) {}

  /** Records an Event, counting repeats as the event correlator does. */
  record(obj: KubeObj, type: string, reason: string, message: string, component: string): void {
    const ns = obj.metadata.namespace ?? "default";
    const now = kubeTime();
    const key = `${obj.metadata.uid}\u0000${reason}\u0000${message}`;
    const known = this.eventNames.get(key);
    const existing = known ? this.api.store.get(EVENTS, ns, known) : undefined;
    if (existing) {
      updateStored(this.api, EVENTS, existing, (e) => {
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
