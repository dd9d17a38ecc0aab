import type { KubeApi } from "./api.js";
import type { KubeObj } from "./store.js";
import { labelSelectorMatcher } from "./selectors.js";
import { isReady, ownerRef, same, updateStored } from "./controller-util.js";

const PODS = "/pods";
const SERVICES = "/services";
const ENDPOINTS = "/endpoints";
const SLICES = "discovery.k8s.io/endpointslices";

/** The endpoints and EndpointSlice controllers: which pods back each Service. */
export class EndpointsController {
  constructor(private readonly api: KubeApi) {}

  /** Endpoints and EndpointSlices of every Service with a selector, from its pods. */
  reconcile(): void {
    const rt = this.api.registry.forKind("v1", "Endpoints")!;
    for (const svc of this.api.store.list(SERVICES)) {
      if (!svc.spec?.selector) continue;
      const match = labelSelectorMatcher({ matchLabels: svc.spec.selector });
      const selected = this.api.store.list(PODS, svc.metadata.namespace).filter((p) => match(p.metadata.labels) && p.status?.podIP);
      // A terminating pod leaves the Endpoints at once; its slice entry stays, marked terminating.
      const pods = selected.filter((p) => !p.metadata.deletionTimestamp);
      const addr = (p: KubeObj) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid } });
      const ready = pods.filter(isReady).map(addr);
      const notReady = pods.filter((p) => !isReady(p)).map(addr);
      const ports = (svc.spec.ports ?? []).map((p: KubeObj) => ({ ...(p.name ? { name: p.name } : {}), port: typeof p.targetPort === "number" ? p.targetPort : p.port, protocol: p.protocol ?? "TCP" }));
      const subsets = pods.length ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }] : undefined;
      this.endpointSlice(svc, selected, ports);
      const current = this.api.store.get(ENDPOINTS, svc.metadata.namespace, svc.metadata.name);
      const body: KubeObj = { apiVersion: "v1", kind: "Endpoints", metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels: svc.metadata.labels ?? {} } };
      if (subsets) body["subsets"] = subsets;
      if (!current) {
        this.api.create(rt, svc.metadata.namespace, body, { fieldManager: "kube-controller-manager" });
      } else if (!same(current.subsets, body["subsets"])) {
        updateStored(this.api, ENDPOINTS, current, (o) => {
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
      conditions: { ready: isReady(p) && !p.metadata.deletionTimestamp, serving: isReady(p), terminating: Boolean(p.metadata.deletionTimestamp) },
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
      updateStored(this.api, SLICES, existing, (o) => (o.endpoints = endpoints));
    }
  }
}
