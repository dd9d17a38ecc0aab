import type { Fix } from "../model/fix.js";
import { podPath, type Workload } from "../engine/workloads.js";
import { setField } from "../fixes/builders/index.js";
import { closest } from "../util/text.js";
import { WI } from "../wi.js";
import { yamlType } from "./shared/kube-meta.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

/** Containers other admission webhooks add after the pod is written: skipping them is legitimate. */
const INJECTED_ELSEWHERE = new Set([
  "istio-proxy",
  "istio-init",
  "istio-validation",
  "linkerd-proxy",
  "linkerd-init",
  "daprd",
  "vault-agent",
  "vault-agent-init",
  "consul-dataplane",
  "consul-connect-inject-init",
  "kuma-sidecar",
  "kuma-init",
]);
/** The proxy containers the webhook itself adds before mutating the containers. */
const PROXY_CONTAINERS = ["azwi-proxy", "azwi-proxy-init"];

export const podSkipContainersInvalid = defineCheck({
  meta: {
    id: "pod-skip-containers-invalid",
    severity: "warning",
    data: ["M", "K"],
    title: "The skip-containers annotation is malformed",
    condition: "`skip-containers` uses `,` or names no container of the pod",
    symptom: "container silently mutated / not skipped",
    description: `\`azure.workload.identity/skip-containers\` lists containers the webhook must leave alone (no \`AZURE_*\`
variables, no token mount). The webhook splits the value on **semicolons** and trims each name; nothing
else. \`"sidecar,metrics"\` is therefore one name, \`sidecar,metrics\`, that matches no container, and
both containers are mutated anyway. A misspelled or renamed container name has the same effect, silently.

Names of containers that other webhooks inject later (\`istio-proxy\`, \`linkerd-proxy\`, \`daprd\`,
\`vault-agent\`, ...) are accepted: with \`reinvocationPolicy: IfNeeded\` the webhook sees them, so skipping
them works. So are \`azwi-proxy\` and \`azwi-proxy-init\` when the proxy sidecar is requested.

Fix: separate names with \`;\` (\`"sidecar;metrics"\`) and use the containers' exact \`name\`s, init
containers included.`,
    messages: {
      comma: '{workload} separates skip-containers with "," ("{value}"); the webhook splits on ";" only',
      unknown: "{workload} skips {unknown}, which is not a container of the pod",
      notString: "{workload} writes skip-containers as a {type}; annotation values must be a ;-separated string",
    },
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          SERVICE_ACCOUNT,
          `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
      annotations:
        azure.workload.identity/skip-containers: "istio-proxy,metrics"   # the webhook splits on ";"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
        - name: metrics
          image: contoso.azurecr.io/metrics:2.0.1
`,
        ),
      ),
      good: example(
        yamlDocuments(
          SERVICE_ACCOUNT,
          `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
      annotations:
        azure.workload.identity/skip-containers: "istio-proxy;metrics"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
        - name: metrics
          image: contoso.azurecr.io/metrics:2.0.1
`,
        ),
      ),
    },
  },
  detect(ctx) {
    for (const w of ctx.index.workloads) {
      if (!(WI.skipContainersAnnotation in w.annotationsRaw)) continue;
      const raw = w.annotationsRaw[WI.skipContainersAnnotation];
      const path = podPath(w, "metadata", "annotations", WI.skipContainersAnnotation);
      const names = containerNames(w);
      const base = { object: w.object, path, workload: w };
      const data = { workload: `${w.kind} ${w.namespace}/${w.name}` };
      if (Array.isArray(raw)) {
        const value = raw.map(String).join(";");
        ctx.report({ ...base, messageId: "notString", data: { ...data, type: yamlType(raw) }, evidence: { expected: "a string of names separated by ;", actual: raw, containers: names }, fixes: [setField(w.object, path, value, `Write skip-containers as "${value}"`)] });
        continue;
      }
      if (typeof raw !== "string" || raw.trim() === "") continue;
      if (raw.includes(",")) {
        const value = raw.split(/[;,]/).map((s) => s.trim()).filter(Boolean).join(";");
        ctx.report({ ...base, messageId: "comma", data: { ...data, value: raw }, evidence: { expected: value, actual: raw, containers: names }, fixes: [setField(w.object, path, value, `Separate the names with ";": "${value}"`)] });
        continue;
      }
      const entries = raw.split(";").map((s) => s.trim()).filter(Boolean);
      const known = new Set([...names, ...INJECTED_ELSEWHERE, ...(WI.injectProxySidecarAnnotation in w.annotationsRaw ? PROXY_CONTAINERS : [])]);
      const unknown = entries.filter((e) => !known.has(e));
      if (unknown.length === 0) continue;
      ctx.report({
        ...base,
        messageId: "unknown",
        data: { ...data, unknown: unknown.map((u) => `"${u}"`).join(", ") },
        evidence: { expected: `names among: ${names.join(", ")}`, actual: raw, unknown, containers: names },
        fixes: [repair(w, path, entries, unknown, names)],
      });
    }
  },
});

/** Names of the containers the webhook mutates: init and regular containers. */
function containerNames(w: Workload): string[] {
  return w.containers.filter((c) => c.group !== "ephemeralContainers" && c.name !== "").map((c) => c.name);
}

/** Replaces each unknown name by the nearest container name, or drops it. */
function repair(w: Workload, path: readonly (string | number)[], entries: string[], unknown: string[], names: string[]): Fix {
  const fixed = [...new Set(entries.flatMap((e) => (unknown.includes(e) ? closest(e, names, 2).slice(0, 1) : [e])))];
  if (fixed.length === 0) return setField(w.object, path, undefined, "Remove skip-containers: it names no container of the pod");
  const value = fixed.join(";");
  return setField(w.object, path, value, `Set skip-containers to "${value}"`);
}
