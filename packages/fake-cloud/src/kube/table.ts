import type { KubeObj } from "./store.js";

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  cell(o: KubeObj): unknown;
}

/** duration.HumanDuration: how the apiserver spells an age in table cells. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60 * 2) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 60 * 3) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 24 * 8) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`;
  return `${Math.floor(h / 24 / 365)}y`;
}

function age(o: KubeObj): string {
  const t = o.metadata?.creationTimestamp;
  return t ? humanDuration(Date.now() - Date.parse(t)) : "<unknown>";
}

const col = (name: string, cell: (o: KubeObj) => unknown, priority = 0, type = "string", format = ""): Column => ({
  name,
  type,
  format,
  description: "",
  priority,
  cell,
});

const nameCol = col("Name", (o) => o.metadata?.name, 0, "string", "name");
const ageCol = col("Age", age);

function containers(o: KubeObj): KubeObj[] {
  return o.spec?.template?.spec?.containers ?? o.spec?.jobTemplate?.spec?.template?.spec?.containers ?? [];
}

function selectorText(sel: KubeObj | undefined): string {
  if (!sel) return "<none>";
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) parts.push(`${e.key} ${String(e.operator).toLowerCase()} (${(e.values ?? []).join(",")})`);
  return parts.length ? parts.join(",") : "<none>";
}

function podStatus(o: KubeObj): string {
  if (o.metadata?.deletionTimestamp) return "Terminating";
  const waiting = (o.status?.containerStatuses ?? []).find((c: KubeObj) => c.state?.waiting?.reason);
  return waiting?.state.waiting.reason ?? o.status?.reason ?? o.status?.phase ?? "Pending";
}

const workloadImages = [
  col("Containers", (o) => containers(o).map((c) => c.name).join(","), 1),
  col("Images", (o) => containers(o).map((c) => c.image).join(","), 1),
  col("Selector", (o) => selectorText(o.spec?.selector), 1),
];

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    nameCol,
    col("Ready", (o) => {
      const st: KubeObj[] = o.status?.containerStatuses ?? [];
      return `${st.filter((c) => c.ready).length}/${(o.spec?.containers ?? []).length}`;
    }),
    col("Status", podStatus),
    col("Restarts", (o) => (o.status?.containerStatuses ?? []).reduce((n: number, c: KubeObj) => n + (c.restartCount ?? 0), 0), 0, "string"),
    ageCol,
    col("IP", (o) => o.status?.podIP ?? "<none>", 1),
    col("Node", (o) => o.spec?.nodeName ?? "<none>", 1),
    col("Nominated Node", (o) => o.status?.nominatedNodeName ?? "<none>", 1),
    col("Readiness Gates", () => "<none>", 1),
  ],
  Deployment: [
    nameCol,
    col("Ready", (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`),
    col("Up-to-date", (o) => o.status?.updatedReplicas ?? 0, 0, "integer"),
    col("Available", (o) => o.status?.availableReplicas ?? 0, 0, "integer"),
    ageCol,
    ...workloadImages,
  ],
  ReplicaSet: [
    nameCol,
    col("Desired", (o) => o.spec?.replicas ?? 0, 0, "integer"),
    col("Current", (o) => o.status?.replicas ?? 0, 0, "integer"),
    col("Ready", (o) => o.status?.readyReplicas ?? 0, 0, "integer"),
    ageCol,
    ...workloadImages,
  ],
  StatefulSet: [nameCol, col("Ready", (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`), ageCol, ...workloadImages.slice(0, 2)],
  DaemonSet: [
    nameCol,
    col("Desired", (o) => o.status?.desiredNumberScheduled ?? 0, 0, "integer"),
    col("Current", (o) => o.status?.currentNumberScheduled ?? 0, 0, "integer"),
    col("Ready", (o) => o.status?.numberReady ?? 0, 0, "integer"),
    col("Up-to-date", (o) => o.status?.updatedNumberScheduled ?? 0, 0, "integer"),
    col("Available", (o) => o.status?.numberAvailable ?? 0, 0, "integer"),
    col("Node Selector", (o) => Object.entries(o.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(",") || "<none>"),
    ageCol,
    ...workloadImages,
  ],
  Job: [
    nameCol,
    col("Status", (o) => (o.status?.succeeded ? "Complete" : "Running")),
    col("Completions", (o) => `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`),
    col("Duration", (o) => age(o)),
    ageCol,
    ...workloadImages,
  ],
  CronJob: [
    nameCol,
    col("Schedule", (o) => o.spec?.schedule),
    col("Timezone", (o) => o.spec?.timeZone ?? "<none>"),
    col("Suspend", (o) => String(o.spec?.suspend ?? false), 0, "boolean"),
    col("Active", (o) => (o.status?.active ?? []).length, 0, "integer"),
    col("Last Schedule", () => "<none>"),
    ageCol,
    ...workloadImages.slice(0, 2),
  ],
  Service: [
    nameCol,
    col("Type", (o) => o.spec?.type),
    col("Cluster-IP", (o) => o.spec?.clusterIP ?? "<none>"),
    col("External-IP", (o) => (o.spec?.type === "ExternalName" ? o.spec.externalName : "<none>")),
    col("Port(s)", (o) => (o.spec?.ports ?? []).map((p: KubeObj) => `${p.port}/${p.protocol ?? "TCP"}`).join(",") || "<none>"),
    ageCol,
    col("Selector", (o) => Object.entries(o.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(",") || "<none>", 1),
  ],
  ServiceAccount: [nameCol, col("Secrets", (o) => (o.secrets ?? []).length, 0, "integer"), ageCol],
  Namespace: [nameCol, col("Status", (o) => o.status?.phase ?? "Active"), ageCol],
  ConfigMap: [nameCol, col("Data", (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, 0, "integer"), ageCol],
  Secret: [nameCol, col("Type", (o) => o.type), col("Data", (o) => Object.keys(o.data ?? {}).length, 0, "integer"), ageCol],
  Endpoints: [
    nameCol,
    col("Endpoints", (o) => {
      const addrs = (o.subsets ?? []).flatMap((s: KubeObj) =>
        (s.addresses ?? []).flatMap((a: KubeObj) => (s.ports ?? [{ port: undefined }]).map((p: KubeObj) => (p.port ? `${a.ip}:${p.port}` : a.ip))),
      );
      return addrs.length ? addrs.join(",") : "<none>";
    }),
    ageCol,
  ],
  EndpointSlice: [
    nameCol,
    col("AddressType", (o) => o.addressType),
    col("Ports", (o) => (o.ports ?? []).map((p: KubeObj) => p.port).join(",") || "<unset>"),
    col("Endpoints", (o) => (o.endpoints ?? []).flatMap((e: KubeObj) => e.addresses ?? []).join(",") || "<unset>"),
    ageCol,
  ],
  Event: [
    col("Last Seen", (o) => (o.lastTimestamp ? humanDuration(Date.now() - Date.parse(o.lastTimestamp)) : age(o))),
    col("Type", (o) => o.type),
    col("Reason", (o) => o.reason),
    col("Object", (o) => `${String(o.involvedObject?.kind ?? "").toLowerCase()}/${o.involvedObject?.name}`),
    col("Message", (o) => o.message),
  ],
  Node: [
    nameCol,
    col("Status", (o) => ((o.status?.conditions ?? []).some((c: KubeObj) => c.type === "Ready" && c.status === "True") ? "Ready" : "NotReady")),
    col("Roles", () => "<none>"),
    ageCol,
    col("Version", (o) => o.status?.nodeInfo?.kubeletVersion ?? ""),
  ],
  MutatingWebhookConfiguration: [nameCol, col("Webhooks", (o) => (o.webhooks ?? []).length, 0, "integer"), ageCol],
  ValidatingWebhookConfiguration: [nameCol, col("Webhooks", (o) => (o.webhooks ?? []).length, 0, "integer"), ageCol],
  CustomResourceDefinition: [nameCol, col("Created At", (o) => o.metadata?.creationTimestamp, 0, "date")],
};

const DEFAULT_COLUMNS = [nameCol, ageCol];

export type IncludeObject = "None" | "Object" | "Metadata";

function partial(o: KubeObj): KubeObj {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata };
}

/** A meta.k8s.io/v1 Table, what kubectl asks for to print `get` output. */
export function toTable(kind: string, items: KubeObj[], listMeta: KubeObj, include: IncludeObject): KubeObj {
  const cols = COLUMNS[kind] ?? DEFAULT_COLUMNS;
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta,
    columnDefinitions: cols.map(({ cell: _c, ...c }) => c),
    rows: items.map((o) => ({
      cells: cols.map((c) => c.cell(o) ?? "<none>"),
      object: include === "None" ? undefined : include === "Object" ? o : partial(o),
    })),
  };
}

/** The Accept header asks for a Table (kubectl get with human-readable output). */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept.split(",")[0] ?? "");
}
