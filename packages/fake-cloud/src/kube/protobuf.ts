import { errors, StatusError } from "./status.js";

/**
 * Kubernetes' protobuf encoding, for the request bodies kubectl's typed clients send (`create
 * token`, `auth can-i`, `create deployment|job|secret|role|rolebinding|namespace|...`). Envelope:
 * the magic `k8s\0`, then runtime.Unknown {typeMeta, raw}. Messages are decoded by the field
 * numbers of k8s.io/api's generated.proto for the fields below; a field this table does not know
 * fails the request loudly rather than being dropped.
 */

type Scalar = "string" | "int" | "bool" | "bytes";
/** map<string,string>, map<string,bytes> (base64 in JSON), map<string,Quantity>. */
type MapKind = "smap" | "bmap" | "qmap";
type Special = "quantity" | "intOrString" | "time";
type FieldType = Scalar | MapKind | Special | `.${string}` | `>${string}`;
/** [json name, type, flags]: r = repeated, p = pointer (kept even when zero). `>Msg` inlines Msg's fields. */
type Field = [string, FieldType, ("r" | "p" | "rp")?];
type Schema = Record<number, Field>;

const S: Record<string, Schema> = {
  ObjectMeta: { 1: ["name", "string"], 2: ["generateName", "string"], 3: ["namespace", "string"], 4: ["selfLink", "string"], 5: ["uid", "string"], 6: ["resourceVersion", "string"], 7: ["generation", "int"], 8: ["creationTimestamp", "time"], 9: ["deletionTimestamp", "time", "p"], 10: ["deletionGracePeriodSeconds", "int", "p"], 11: ["labels", "smap"], 12: ["annotations", "smap"], 13: ["ownerReferences", ".OwnerReference", "r"], 14: ["finalizers", "string", "r"] },
  OwnerReference: { 1: ["kind", "string"], 3: ["name", "string"], 4: ["uid", "string"], 5: ["apiVersion", "string"], 6: ["controller", "bool", "p"], 7: ["blockOwnerDeletion", "bool", "p"] },
  LabelSelector: { 1: ["matchLabels", "smap"], 2: ["matchExpressions", ".LabelSelectorRequirement", "r"] },
  LabelSelectorRequirement: { 1: ["key", "string"], 2: ["operator", "string"], 3: ["values", "string", "r"] },
  LocalObjectReference: { 1: ["name", "string"] },
  ObjectReference: { 1: ["kind", "string"], 2: ["namespace", "string"], 3: ["name", "string"], 4: ["uid", "string"], 5: ["apiVersion", "string"], 6: ["resourceVersion", "string"], 7: ["fieldPath", "string"] },

  PodTemplateSpec: { 1: ["metadata", ".ObjectMeta"], 2: ["spec", ".PodSpec"] },
  PodSpec: {
    1: ["volumes", ".Volume", "r"], 2: ["containers", ".Container", "r"], 3: ["restartPolicy", "string"], 4: ["terminationGracePeriodSeconds", "int", "p"], 5: ["activeDeadlineSeconds", "int", "p"],
    6: ["dnsPolicy", "string"], 7: ["nodeSelector", "smap"], 8: ["serviceAccountName", "string"], 9: ["serviceAccount", "string"], 10: ["nodeName", "string"], 11: ["hostNetwork", "bool"],
    12: ["hostPID", "bool"], 13: ["hostIPC", "bool"], 14: ["securityContext", ".PodSecurityContext", "p"], 15: ["imagePullSecrets", ".LocalObjectReference", "r"], 16: ["hostname", "string"],
    17: ["subdomain", "string"], 19: ["schedulerName", "string"], 20: ["initContainers", ".Container", "r"], 21: ["automountServiceAccountToken", "bool", "p"], 22: ["tolerations", ".Toleration", "r"], 24: ["priorityClassName", "string"],
  },
  PodSecurityContext: { 2: ["runAsUser", "int", "p"], 3: ["runAsNonRoot", "bool", "p"], 4: ["supplementalGroups", "int", "r"], 5: ["fsGroup", "int", "p"], 6: ["runAsGroup", "int", "p"] },
  Toleration: { 1: ["key", "string"], 2: ["operator", "string"], 3: ["value", "string"], 4: ["effect", "string"], 5: ["tolerationSeconds", "int", "p"] },
  Container: {
    1: ["name", "string"], 2: ["image", "string"], 3: ["command", "string", "r"], 4: ["args", "string", "r"], 5: ["workingDir", "string"], 6: ["ports", ".ContainerPort", "r"], 7: ["env", ".EnvVar", "r"],
    8: ["resources", ".ResourceRequirements"], 9: ["volumeMounts", ".VolumeMount", "r"], 13: ["terminationMessagePath", "string"], 14: ["imagePullPolicy", "string"], 15: ["securityContext", ".SecurityContext", "p"],
    16: ["stdin", "bool"], 17: ["stdinOnce", "bool"], 18: ["tty", "bool"], 19: ["envFrom", ".EnvFromSource", "r"], 20: ["terminationMessagePolicy", "string"], 24: ["restartPolicy", "string", "p"],
  },
  ContainerPort: { 1: ["name", "string"], 2: ["hostPort", "int"], 3: ["containerPort", "int"], 4: ["protocol", "string"], 5: ["hostIP", "string"] },
  EnvVar: { 1: ["name", "string"], 2: ["value", "string"], 3: ["valueFrom", ".EnvVarSource", "p"] },
  EnvVarSource: { 1: ["fieldRef", ".ObjectFieldSelector", "p"], 3: ["configMapKeyRef", ".KeySelector", "p"], 4: ["secretKeyRef", ".KeySelector", "p"] },
  ObjectFieldSelector: { 1: ["apiVersion", "string"], 2: ["fieldPath", "string"] },
  KeySelector: { 1: ["", ">LocalObjectReference"], 2: ["key", "string"], 3: ["optional", "bool", "p"] },
  EnvFromSource: { 1: ["prefix", "string"], 2: ["configMapRef", ".RefSource", "p"], 3: ["secretRef", ".RefSource", "p"] },
  RefSource: { 1: ["", ">LocalObjectReference"], 2: ["optional", "bool", "p"] },
  ResourceRequirements: { 1: ["limits", "qmap"], 2: ["requests", "qmap"] },
  VolumeMount: { 1: ["name", "string"], 2: ["readOnly", "bool"], 3: ["mountPath", "string"], 4: ["subPath", "string"], 5: ["mountPropagation", "string", "p"], 6: ["subPathExpr", "string"] },
  SecurityContext: { 1: ["capabilities", ".Capabilities", "p"], 2: ["privileged", "bool", "p"], 4: ["runAsUser", "int", "p"], 5: ["runAsNonRoot", "bool", "p"], 6: ["readOnlyRootFilesystem", "bool", "p"], 7: ["allowPrivilegeEscalation", "bool", "p"], 8: ["runAsGroup", "int", "p"] },
  Capabilities: { 1: ["add", "string", "r"], 2: ["drop", "string", "r"] },
  Volume: { 1: ["name", "string"], 2: ["", ">VolumeSource"] },
  VolumeSource: { 1: ["hostPath", ".HostPath", "p"], 2: ["emptyDir", ".EmptyDir", "p"], 6: ["secret", ".SecretVolume", "p"], 10: ["persistentVolumeClaim", ".PVCSource", "p"], 19: ["configMap", ".ConfigMapVolume", "p"], 26: ["projected", ".Projected", "p"], 28: ["csi", ".CSIVolume", "p"] },
  HostPath: { 1: ["path", "string"], 2: ["type", "string", "p"] },
  EmptyDir: { 1: ["medium", "string"], 2: ["sizeLimit", "quantity", "p"] },
  SecretVolume: { 1: ["secretName", "string"], 2: ["items", ".KeyToPath", "r"], 3: ["defaultMode", "int", "p"], 4: ["optional", "bool", "p"] },
  PVCSource: { 1: ["claimName", "string"], 2: ["readOnly", "bool"] },
  ConfigMapVolume: { 1: ["", ">LocalObjectReference"], 2: ["items", ".KeyToPath", "r"], 3: ["defaultMode", "int", "p"], 4: ["optional", "bool", "p"] },
  KeyToPath: { 1: ["key", "string"], 2: ["path", "string"], 3: ["mode", "int", "p"] },
  Projected: { 1: ["sources", ".VolumeProjection", "r"], 2: ["defaultMode", "int", "p"] },
  VolumeProjection: { 4: ["serviceAccountToken", ".SATokenProjection", "p"] },
  SATokenProjection: { 1: ["audience", "string"], 2: ["expirationSeconds", "int", "p"], 3: ["path", "string"] },
  CSIVolume: { 1: ["driver", "string"], 2: ["readOnly", "bool", "p"], 3: ["fsType", "string", "p"], 4: ["volumeAttributes", "smap"], 5: ["nodePublishSecretRef", ".LocalObjectReference", "p"] },

  DeploymentSpec: { 1: ["replicas", "int", "p"], 2: ["selector", ".LabelSelector", "p"], 3: ["template", ".PodTemplateSpec"], 4: ["strategy", ".DeploymentStrategy"], 5: ["minReadySeconds", "int"], 6: ["revisionHistoryLimit", "int", "p"], 7: ["paused", "bool"], 9: ["progressDeadlineSeconds", "int", "p"] },
  DeploymentStrategy: { 1: ["type", "string"], 2: ["rollingUpdate", ".RollingUpdate", "p"] },
  RollingUpdate: { 1: ["maxUnavailable", "intOrString", "p"], 2: ["maxSurge", "intOrString", "p"] },
  JobSpec: { 1: ["parallelism", "int", "p"], 2: ["completions", "int", "p"], 3: ["activeDeadlineSeconds", "int", "p"], 4: ["selector", ".LabelSelector", "p"], 5: ["manualSelector", "bool", "p"], 6: ["template", ".PodTemplateSpec"], 7: ["backoffLimit", "int", "p"], 8: ["ttlSecondsAfterFinished", "int", "p"], 9: ["completionMode", "string", "p"], 10: ["suspend", "bool", "p"] },
  CronJobSpec: { 1: ["schedule", "string"], 2: ["startingDeadlineSeconds", "int", "p"], 3: ["concurrencyPolicy", "string"], 4: ["suspend", "bool", "p"], 5: ["jobTemplate", ".JobTemplateSpec"], 6: ["successfulJobsHistoryLimit", "int", "p"], 7: ["failedJobsHistoryLimit", "int", "p"], 8: ["timeZone", "string", "p"] },
  JobTemplateSpec: { 1: ["metadata", ".ObjectMeta"], 2: ["spec", ".JobSpec"] },
  PolicyRule: { 1: ["verbs", "string", "r"], 2: ["apiGroups", "string", "r"], 3: ["resources", "string", "r"], 4: ["resourceNames", "string", "r"], 5: ["nonResourceURLs", "string", "r"] },
  Subject: { 1: ["kind", "string"], 2: ["apiGroup", "string"], 3: ["name", "string"], 4: ["namespace", "string"] },
  RoleRef: { 1: ["apiGroup", "string"], 2: ["kind", "string"], 3: ["name", "string"] },

  ServiceSpec: { 1: ["ports", ".ServicePort", "r"], 2: ["selector", "smap"], 3: ["clusterIP", "string"], 4: ["type", "string"], 5: ["externalIPs", "string", "r"], 7: ["sessionAffinity", "string"], 8: ["loadBalancerIP", "string"], 10: ["externalName", "string"], 11: ["externalTrafficPolicy", "string"], 12: ["healthCheckNodePort", "int"], 13: ["publishNotReadyAddresses", "bool"] },
  ServicePort: { 1: ["name", "string"], 2: ["protocol", "string"], 3: ["port", "int"], 4: ["targetPort", "intOrString"], 5: ["nodePort", "int"] },

  Deployment: { 1: ["metadata", ".ObjectMeta"], 2: ["spec", ".DeploymentSpec"] },
  Service: { 1: ["metadata", ".ObjectMeta"], 2: ["spec", ".ServiceSpec"] },
  Job: { 1: ["metadata", ".ObjectMeta"], 2: ["spec", ".JobSpec"] },
  CronJob: { 1: ["metadata", ".ObjectMeta"], 2: ["spec", ".CronJobSpec"] },
  Secret: { 1: ["metadata", ".ObjectMeta"], 2: ["data", "bmap"], 3: ["type", "string"], 4: ["stringData", "smap"], 5: ["immutable", "bool", "p"] },
  ConfigMap: { 1: ["metadata", ".ObjectMeta"], 2: ["data", "smap"], 3: ["binaryData", "bmap"], 4: ["immutable", "bool", "p"] },
  Namespace: { 1: ["metadata", ".ObjectMeta"], 2: ["spec", ".NamespaceSpec"] },
  NamespaceSpec: { 1: ["finalizers", "string", "r"] },
  ServiceAccount: { 1: ["metadata", ".ObjectMeta"], 2: ["secrets", ".ObjectReference", "r"], 3: ["imagePullSecrets", ".LocalObjectReference", "r"], 4: ["automountServiceAccountToken", "bool", "p"] },
  Role: { 1: ["metadata", ".ObjectMeta"], 2: ["rules", ".PolicyRule", "r"] },
  ClusterRole: { 1: ["metadata", ".ObjectMeta"], 2: ["rules", ".PolicyRule", "r"] },
  RoleBinding: { 1: ["metadata", ".ObjectMeta"], 2: ["subjects", ".Subject", "r"], 3: ["roleRef", ".RoleRef"] },
  ClusterRoleBinding: { 1: ["metadata", ".ObjectMeta"], 2: ["subjects", ".Subject", "r"], 3: ["roleRef", ".RoleRef"] },

  TokenRequest: { 1: ["metadata", ".ObjectMeta"], 2: ["spec", ".TokenRequestSpec"] },
  TokenRequestSpec: { 1: ["audiences", "string", "r"], 3: ["boundObjectRef", ".BoundObjectReference", "p"], 4: ["expirationSeconds", "int", "p"] },
  BoundObjectReference: { 1: ["kind", "string"], 2: ["apiVersion", "string"], 3: ["name", "string"], 4: ["uid", "string"] },
  SelfSubjectAccessReview: { 1: ["metadata", ".ObjectMeta"], 2: ["spec", ".SSARSpec"] },
  SSARSpec: { 1: ["resourceAttributes", ".ResourceAttributes", "p"], 2: ["nonResourceAttributes", ".NonResourceAttributes", "p"] },
  ResourceAttributes: { 1: ["namespace", "string"], 2: ["verb", "string"], 3: ["group", "string"], 4: ["version", "string"], 5: ["resource", "string"], 6: ["subresource", "string"], 7: ["name", "string"] },
  NonResourceAttributes: { 1: ["path", "string"], 2: ["verb", "string"] },
  SelfSubjectRulesReview: { 1: ["metadata", ".ObjectMeta"], 2: ["spec", ".SSRRSpec"] },
  SSRRSpec: { 1: ["namespace", "string"] },
  SelfSubjectReview: { 1: ["metadata", ".ObjectMeta"] },
};

/** Status is the apiserver's business: what a client sends there is ignored, as on create. */
const IGNORED_TOP_LEVEL = 3;

type Raw = bigint | Uint8Array;

function readVarint(buf: Uint8Array, pos: { i: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos.i++];
    if (b === undefined) throw new Error("truncated varint");
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
  }
}

function fields(buf: Uint8Array): [number, Raw][] {
  const out: [number, Raw][] = [];
  const pos = { i: 0 };
  while (pos.i < buf.length) {
    const tag = Number(readVarint(buf, pos));
    const wire = tag & 7;
    if (wire === 0) out.push([tag >>> 3, readVarint(buf, pos)]);
    else if (wire === 2) {
      const len = Number(readVarint(buf, pos));
      out.push([tag >>> 3, buf.subarray(pos.i, pos.i + len)]);
      pos.i += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

function unsupported(what: string): StatusError {
  return new StatusError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `this simulated apiserver does not decode ${what} from protobuf; send JSON instead`, reason: "UnsupportedMediaType", code: 415 });
}

const text = (v: Raw) => (v instanceof Uint8Array ? Buffer.from(v).toString("utf8") : String(v));
const int = (v: Raw) => (typeof v === "bigint" ? Number(BigInt.asIntN(64, v)) : 0);

function isZero(v: unknown): boolean {
  if (v === "" || v === 0 || v === false || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object" && v !== null) return Object.keys(v).length === 0;
  return false;
}

function scalar(type: FieldType, v: Raw, where: string): unknown {
  switch (type) {
    case "string":
      return text(v);
    case "int":
      return int(v);
    case "bool":
      return typeof v === "bigint" ? v !== 0n : false;
    case "bytes":
      return v instanceof Uint8Array ? Buffer.from(v).toString("base64") : "";
    case "quantity":
      return v instanceof Uint8Array ? text(fields(v).find(([n]) => n === 1)?.[1] ?? new Uint8Array()) : "";
    case "time": {
      if (!(v instanceof Uint8Array)) return null;
      const secs = fields(v).find(([n]) => n === 1)?.[1];
      return secs === undefined ? null : new Date(int(secs) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    }
    case "intOrString": {
      if (!(v instanceof Uint8Array)) return undefined;
      const f = new Map(fields(v));
      return int(f.get(1) ?? 0n) === 1 ? text(f.get(3) ?? new Uint8Array()) : int(f.get(2) ?? 0n);
    }
    default:
      throw unsupported(where);
  }
}

function mapEntries(v: Raw, valueType: MapKind): [string, unknown] {
  const f = new Map(fields(v as Uint8Array));
  const key = text(f.get(1) ?? new Uint8Array());
  const raw = f.get(2) ?? new Uint8Array();
  return [key, valueType === "smap" ? text(raw) : valueType === "bmap" ? scalar("bytes", raw, "") : scalar("quantity", raw, "")];
}

function decodeMessage(buf: Uint8Array, type: string, topLevel = false): Record<string, unknown> {
  const schema = S[type];
  if (!schema) throw unsupported(type);
  const out: Record<string, unknown> = {};
  for (const [n, v] of fields(buf)) {
    const field = schema[n];
    if (!field) {
      if (topLevel && n === IGNORED_TOP_LEVEL) continue;
      throw unsupported(`field ${n} of ${type}`);
    }
    const [name, ft, flags = ""] = field;
    const repeated = flags.includes("r");
    let value: unknown;
    if (ft.startsWith(">")) {
      Object.assign(out, decodeMessage(v as Uint8Array, ft.slice(1)));
      continue;
    }
    if (ft === "smap" || ft === "bmap" || ft === "qmap") {
      const [k, val] = mapEntries(v, ft);
      out[name] = { ...((out[name] as object) ?? {}), [k]: val };
      continue;
    }
    if (ft.startsWith(".")) value = decodeMessage(v as Uint8Array, ft.slice(1));
    else value = scalar(ft, v, `field ${n} of ${type}`);
    if (repeated) out[name] = [...((out[name] as unknown[]) ?? []), value];
    else out[name] = value;
  }
  // Go drops zero values of non-pointer fields when it writes JSON (omitempty); pointers were sent only when set.
  for (const [, [name, , flags = ""]] of Object.entries(schema)) {
    if (name && !flags.includes("p") && name in out && isZero(out[name])) delete out[name];
  }
  return out;
}

export function isProtobuf(contentType: string | undefined): boolean {
  return /application\/vnd\.kubernetes\.protobuf/.test(contentType ?? "");
}

/** Decodes a protobuf request body to the JSON object the same request would carry. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || body.subarray(0, 4).toString("latin1") !== "k8s\u0000") throw errors.badRequest("provided protobuf data is not a Kubernetes object");
  const unknown = new Map(fields(body.subarray(4)));
  const typeMeta = unknown.get(1);
  const tm = typeMeta instanceof Uint8Array ? new Map(fields(typeMeta)) : new Map<number, Raw>();
  const apiVersion = tm.has(1) ? text(tm.get(1)!) : undefined;
  const kind = tm.has(2) ? text(tm.get(2)!) : undefined;
  const raw = unknown.get(2);
  if (!kind || !(raw instanceof Uint8Array)) throw unsupported("an object without kind");
  return { ...(apiVersion ? { apiVersion } : {}), kind, ...decodeMessage(raw, kind, true) };
}
