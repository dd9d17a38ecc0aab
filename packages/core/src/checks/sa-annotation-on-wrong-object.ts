import { stringify } from "yaml";
import type { Fix } from "../model/fix.js";
import type { Path } from "../model/location.js";
import type { KubeObject } from "../model/kube.js";
import type { Workload } from "../engine/workloads.js";
import { podPath } from "../engine/workloads.js";
import { combineFixes, setField, shq, suggestion } from "../fixes/builders/index.js";
import { getIn } from "../util/raw.js";
import { WI } from "../wi.js";
import { metaMap, metaValue, type MetaMap } from "./shared/kube-meta.js";
import { selectedWorkloads } from "./shared/kube-misplaced.js";
import { POD_ANNOTATIONS, SA_ANNOTATIONS, wiAnnotationMeant } from "./shared/kube-wi-keys.js";
import { example, WORLD, yamlDocuments } from "./shared/example-world.js";
import { defineCheck, type CheckContext } from "./types.js";

/** Keys the webhook reads only from the ServiceAccount. */
const SA_ONLY = SA_ANNOTATIONS.filter((k) => !POD_ANNOTATIONS.includes(k));
/** Keys the webhook reads only from the pod. */
const POD_ONLY = POD_ANNOTATIONS.filter((k) => !SA_ANNOTATIONS.includes(k));

const messages = {
    toServiceAccount: '{object} carries "{key}", but the webhook reads it only from the ServiceAccount ({sa})',
    toPodTemplate: '{object} carries "{key}" on its own metadata, but the webhook reads it only from the pod template',
    toAnnotations: 'ServiceAccount {sa} has "{key}" as a label, but the webhook reads it only as an annotation',
    fromServiceAccount: 'ServiceAccount {sa} carries the pod annotation "{key}", which the webhook reads only from the pods',
} as const;

export const saAnnotationOnWrongObject = defineCheck({
  meta: {
    id: "sa-annotation-on-wrong-object",
    severity: "error",
    data: ["M", "K"],
    title: "Workload identity annotations are on the wrong object",
    condition: "the workload-identity annotations sit on a Service, Deployment or Pod instead of the SA",
    symptom: "as sa-client-id-missing",
    description: `The webhook reads each setting from one place only, and ignores it anywhere else:

| annotation | read from |
|---|---|
| \`azure.workload.identity/client-id\`, \`tenant-id\` | the pod's **ServiceAccount** (annotation) |
| \`azure.workload.identity/service-account-token-expiration\` | the pod template, else the ServiceAccount |
| \`azure.workload.identity/skip-containers\`, \`inject-proxy-sidecar\`, \`proxy-sidecar-port\` | the **pod template** (\`spec.template.metadata.annotations\`) |

A \`client-id\` written on the Deployment, its pod template, a Service or a Namespace, or as a *label* of
the ServiceAccount, is never read: the pods get no \`AZURE_CLIENT_ID\` and the Azure SDK falls back to the
node's identity. Pod settings written on the Deployment's own \`metadata\` (not its pod template) or on
the ServiceAccount are not applied either. Misspelled keys in those places are reported here too, with
the exact key to use.

Nothing is reported when the right object already carries the setting.

Fix: move the annotation to the object the webhook reads: the ServiceAccount named by the pod's
\`serviceAccountName\`, or the pod template.`,
    messages,
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
`,
          `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  annotations:
    azure.workload.identity/client-id: ${WORLD.clientId}   # the webhook reads it from the ServiceAccount
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
`,
        ),
      ),
      good: example(),
    },
  },
  detect(ctx) {
    for (const w of ctx.index.workloads) {
      for (const map of controllerMaps(w)) {
        for (const [key, canonical] of wiKeys(map, [...SA_ONLY, ...POD_ANNOTATIONS])) {
          if (SA_ONLY.includes(canonical)) toServiceAccount(ctx, w.object, map, key, canonical, w);
          else toPodTemplate(ctx, w, map, key, canonical);
        }
      }
      for (const map of [metaMap(w.object, "annotations", w.templatePath), metaMap(w.object, "labels", w.templatePath)]) {
        for (const [key, canonical] of wiKeys(map, SA_ONLY)) toServiceAccount(ctx, w.object, map, key, canonical, w);
      }
    }
    for (const sa of ctx.index.byKind("ServiceAccount")) {
      const labels = metaMap(sa, "labels");
      for (const [key, canonical] of wiKeys(labels, SA_ANNOTATIONS)) toAnnotations(ctx, sa, labels, key, canonical);
      const annotations = metaMap(sa, "annotations");
      for (const [key, canonical] of wiKeys(annotations, POD_ONLY)) fromServiceAccount(ctx, sa, annotations, key, canonical);
    }
    for (const kind of ["Service", "Namespace"]) {
      for (const o of ctx.index.byKind(kind)) {
        const map = metaMap(o, "annotations");
        for (const [key, canonical] of wiKeys(map, [...SA_ANNOTATIONS, ...POD_ANNOTATIONS])) {
          const users = kind === "Service" ? selectedWorkloads(ctx.index, o) : [];
          toServiceAccount(ctx, o, map, key, canonical, users[0]);
        }
      }
    }
  },
});

/** Workload identity keys of a map (exact or misspelled) among `wanted`: [key as written, canonical]. */
function wiKeys(map: MetaMap, wanted: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const key of Object.keys(map.raw)) {
    const meant = wiAnnotationMeant(key);
    if (meant && wanted.includes(meant.canonical)) out.push([key, meant.canonical]);
  }
  return out;
}

/** Annotation and label maps of a controller above its pod template. */
function controllerMaps(w: Workload): MetaMap[] {
  if (w.kind === "Pod") return [];
  const maps = [metaMap(w.object, "annotations")];
  if (w.kind === "CronJob") maps.push(metaMap(w.object, "annotations", ["spec", "jobTemplate"]));
  return maps;
}

function objectLabel(o: KubeObject, map: MetaMap, w?: Workload): string {
  const where = `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
  const onTemplate = w !== undefined && w.kind !== "Pod" && map.path.length === w.templatePath.length + 2 && w.templatePath.every((s, i) => map.path[i] === s);
  const base = onTemplate ? `the pod template of ${where}` : where;
  return map.path[map.path.length - 1] === "labels" ? `${base} (as a label)` : base;
}

function valueOf(map: MetaMap, key: string): string {
  return metaValue(map, key);
}

function hasValue(o: KubeObject | undefined, path: Path): boolean {
  const v = o ? getIn(o.raw, path) : undefined;
  return v !== undefined && v !== null && String(v).trim() !== "";
}

const SA_ANNOTATION_PATH = ["metadata", "annotations"] as const;

function toServiceAccount(ctx: CheckContext<typeof messages>, o: KubeObject, map: MetaMap, key: string, canonical: string, w: Workload | undefined): void {
  const sa = w ? ctx.index.serviceAccount(w.namespace, w.serviceAccountName) : undefined;
  if (hasValue(sa, [...SA_ANNOTATION_PATH, canonical])) return;
  // a token expiration also works on the pod template: one there wins and this one is moot
  if (w && canonical === WI.tokenExpirationAnnotation && hasValue(w.object, podPath(w, "metadata", "annotations", canonical))) return;
  const saName = w ? `${w.namespace}/${w.serviceAccountName}` : "<the pods' ServiceAccount>";
  const value = valueOf(map, key);
  const remove = setField(o, [...map.path, key], undefined, `Remove "${key}" from ${o.kind} ${o.name}`);
  let fix: Fix;
  if (sa) {
    fix = combineFixes(`Move "${canonical}" to ServiceAccount ${sa.name}`, [setField(sa, [...SA_ANNOTATION_PATH, canonical], value, ""), remove], {
      language: "yaml",
      text: stringify({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: sa.name, namespace: sa.namespace, annotations: { [canonical]: value } } }).trimEnd(),
    });
  } else {
    const name = w ? w.serviceAccountName : "SERVICE_ACCOUNT";
    const ns = w ? w.namespace : (o.namespace ?? "NAMESPACE");
    fix = suggestion(
      `Annotate ServiceAccount ${name} with "${canonical}"`,
      { language: "shell", text: `kubectl annotate serviceaccount ${shq(name)} -n ${ns} ${shq(`${canonical}=${value}`)}` },
      w ? [] : [{ what: "service-account", question: "Which ServiceAccount do the pods run as?" }],
    );
  }
  ctx.report({
    object: o,
    path: [...map.path, key],
    key: true,
    messageId: "toServiceAccount",
    data: { object: objectLabel(o, map, w), key, sa: saName },
    evidence: {
      expected: `${canonical} on ServiceAccount ${saName}`,
      actual: `${key} on ${objectLabel(o, map, w)}`,
      value,
      ...(w && !sa ? { serviceAccount: "not found in the scanned objects" } : {}),
    },
    fixes: [fix],
    ...(w ? { workload: w } : {}),
  });
}

function toPodTemplate(ctx: CheckContext<typeof messages>, w: Workload, map: MetaMap, key: string, canonical: string): void {
  const target = podPath(w, "metadata", "annotations", canonical);
  if (hasValue(w.object, target)) return;
  const value = valueOf(map, key);
  ctx.report({
    object: w.object,
    path: [...map.path, key],
    key: true,
    messageId: "toPodTemplate",
    data: { object: `${w.kind} ${w.namespace}/${w.name}`, key },
    evidence: { expected: `${canonical} in ${target.join(".")}`, actual: `${key} in ${[...map.path].join(".")}`, value },
    fixes: [
      combineFixes(`Move "${canonical}" to the pod template of ${w.kind} ${w.name}`, [
        setField(w.object, target, value, ""),
        setField(w.object, [...map.path, key], undefined, ""),
      ]),
    ],
    workload: w,
  });
}

function toAnnotations(ctx: CheckContext<typeof messages>, sa: KubeObject, labels: MetaMap, key: string, canonical: string): void {
  if (hasValue(sa, [...SA_ANNOTATION_PATH, canonical])) return;
  const value = valueOf(labels, key);
  const name = `${sa.namespace}/${sa.name}`;
  ctx.report({
    object: sa,
    path: [...labels.path, key],
    key: true,
    messageId: "toAnnotations",
    data: { sa: name, key },
    evidence: { expected: `annotation ${canonical}`, actual: `label ${key}`, value },
    fixes: [
      combineFixes(`Make "${canonical}" an annotation of ServiceAccount ${sa.name}`, [
        setField(sa, [...SA_ANNOTATION_PATH, canonical], value, ""),
        setField(sa, [...labels.path, key], undefined, ""),
      ]),
    ],
    ...firstUser(ctx, sa),
  });
}

function fromServiceAccount(ctx: CheckContext<typeof messages>, sa: KubeObject, annotations: MetaMap, key: string, canonical: string): void {
  const users = ctx.index.workloadsOf(sa.namespace ?? "default", sa.name).filter((w) => !hasValue(w.object, podPath(w, "metadata", "annotations", canonical)));
  const value = valueOf(annotations, key);
  const snippet = { language: "yaml" as const, text: stringify({ spec: { template: { metadata: { annotations: { [canonical]: value } } } } }).trimEnd() };
  const fix = users.length
    ? combineFixes(
        `Move "${canonical}" to the pod template of ${users.map((w) => `${w.kind} ${w.name}`).join(", ")}`,
        [...users.map((w) => setField(w.object, podPath(w, "metadata", "annotations", canonical), value, "")), setField(sa, [...annotations.path, key], undefined, "")],
        snippet,
      )
    : suggestion(`Annotate the pod templates that use ServiceAccount ${sa.name} with "${canonical}"`, snippet, [{ what: "value", question: `Which pod templates run as ServiceAccount ${sa.name}?` }]);
  ctx.report({
    object: sa,
    path: [...annotations.path, key],
    key: true,
    messageId: "fromServiceAccount",
    data: { sa: `${sa.namespace}/${sa.name}`, key },
    evidence: { expected: `${canonical} on the pod template`, actual: `${key} on ServiceAccount ${sa.namespace}/${sa.name}`, value },
    fixes: [fix],
    ...firstUser(ctx, sa),
  });
}

function firstUser(ctx: CheckContext<typeof messages>, sa: KubeObject): { workload?: Workload } {
  const w = ctx.index.workloadsOf(sa.namespace ?? "default", sa.name)[0];
  return w ? { workload: w } : {};
}

