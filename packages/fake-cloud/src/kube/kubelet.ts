import { randomBytes } from "node:crypto";
import type { KubeApi } from "./api.js";
import { kubeTime, type KubeObj } from "./store.js";
import { updateStored } from "./controller-util.js";
import type { PodState } from "../scenario/types.js";

const PODS = "/pods";
const NODES = "/nodes";

/** The kubelets of the cluster's nodes, as far as the API shows them: pod status. */
export class Kubelet {
  private nextIp = 10;

  constructor(
    private readonly api: KubeApi,
    private readonly podStates: PodState[],
  ) {}

  private stateFor(p: KubeObj): PodState["state"] {
    const s = this.podStates.find((x) => x.namespace === p.metadata.namespace && p.metadata.name.startsWith(x.podPrefix));
    return s?.state ?? "Running";
  }

  /** Schedules a new pod to the first node and reports it started (or stuck, per its PodState). */
  run(p: KubeObj): void {
    if (p.status?.phase !== "Pending" || p.status?.containerStatuses) return;
    const state = this.stateFor(p);
    const node = this.api.store.list(NODES)[0];
    if (state === "Pending") {
      if (p.status.conditions) return;
      updateStored(this.api, PODS, p, (o) => {
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
    updateStored(this.api, PODS, p, (o) => {
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
