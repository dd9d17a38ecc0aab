import type { Path } from "../model/location.js";
import { podPath, type Workload } from "../engine/workloads.js";
import { setField } from "../fixes/builders/index.js";
import { asArray, asRecord } from "../util/raw.js";
import { WI } from "../wi.js";
import { parseGoInt } from "./shared/kube-go-int.js";
import { yamlType } from "./shared/kube-meta.js";
import { proxyMeantOff } from "./shared/kube-proxy.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const proxyPortInvalid = defineCheck({
  meta: {
    id: "proxy-port-invalid",
    severity: "error",
    data: ["M", "K"],
    title: "The proxy sidecar port is invalid or clashes",
    condition: "`proxy-sidecar-port` not a valid port, or clashes with a container port",
    symptom: "admission rejected / port clash",
    description: `When the proxy sidecar is requested (\`azure.workload.identity/inject-proxy-sidecar\`), the webhook reads its port
from \`azure.workload.identity/proxy-sidecar-port\` (default **8000**) and parses it as a decimal 32-bit integer.

- A value that is not an integer (\`"8000/TCP"\`, \`"http"\`, \`" 8080"\`) makes the webhook refuse the pod:
  \`failed to parse proxy sidecar port\`.
- An integer outside 1–65535 passes the webhook but not the API server's validation of the mutated pod
  (\`spec.containers[0].ports[0].containerPort: Invalid value\`).
- A port that one of the pod's own containers already uses clashes with the proxy in the shared network
  namespace: one of them fails to bind, and the application may receive the IMDS traffic meant for the
  proxy. The default port 8000 is a common application port.
- An unquoted number is rejected by \`kubectl apply\`: annotation values must be strings.

A \`hostNetwork\` pod is refused before the port is read (proxy-host-network), and a pod that asks for the
proxy to be off (\`inject-proxy-sidecar: "false"\`) gets it by mistake (proxy-annotation-false): neither is
judged here.

Fix: set \`proxy-sidecar-port\` to a free port, as a quoted string (\`"8001"\`).`,
    messages: {
      notInteger: '{workload} sets proxy-sidecar-port to "{value}", which the webhook cannot parse as a port',
      outOfRange: "{workload} sets proxy-sidecar-port to {value}, outside 1–65535",
      notString: "{workload} writes proxy-sidecar-port as an unquoted {type}; annotation values must be strings",
      clash: "{workload} runs the proxy sidecar on port {port}, which container {container} already uses",
    },
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(yamlDocuments(SERVICE_ACCOUNT, `apiVersion: apps/v1
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
        azure.workload.identity/inject-proxy-sidecar: "true"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
          ports:
            - containerPort: 8000   # the proxy listens on 8000 too
`)),
      good: example(yamlDocuments(SERVICE_ACCOUNT, `apiVersion: apps/v1
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
        azure.workload.identity/inject-proxy-sidecar: "true"
        azure.workload.identity/proxy-sidecar-port: "8001"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
          ports:
            - containerPort: 8000
`)),
    },
  },
  detect(ctx) {
    for (const w of ctx.index.workloads) {
      // the webhook refuses a hostNetwork pod before it reads the port (proxy-host-network)
      if (!(WI.injectProxySidecarAnnotation in w.annotationsRaw) || w.podSpec["hostNetwork"] === true) continue;
      // a proxy asked off is injected by mistake: proxy-annotation-false reports it, and removing it ends any clash
      if (proxyMeantOff(w.annotationsRaw[WI.injectProxySidecarAnnotation])) continue;
      const annotation = podPath(w, "metadata", "annotations", WI.proxySidecarPortAnnotation);
      const written = WI.proxySidecarPortAnnotation in w.annotationsRaw;
      const raw = w.annotationsRaw[WI.proxySidecarPortAnnotation];
      const ports = containerPorts(w);
      const free = freePort(ports.map((p) => p.port));
      const data = { workload: `${w.kind} ${w.namespace}/${w.name}`, value: String(raw), type: yamlType(raw) };
      const base = { object: w.object, workload: w };
      if (written) {
        if (typeof raw !== "string") {
          const n = typeof raw === "number" && Number.isInteger(raw) && raw >= 1 && raw <= 65535 && !ports.some((p) => p.port === raw) ? raw : free;
          ctx.report({ ...base, path: annotation, messageId: "notString", data, evidence: { expected: "a quoted port number", actual: `${String(raw)} (${yamlType(raw)})` }, fixes: [setPort(w, annotation, n)] });
          continue;
        }
        const n = parseGoInt(raw, 32);
        if (n === undefined || n < 1n || n > 65535n) {
          ctx.report({ ...base, path: annotation, messageId: n === undefined ? "notInteger" : "outOfRange", data, evidence: { expected: "a port number from 1 to 65535", actual: raw }, fixes: [setPort(w, annotation, free)] });
          continue;
        }
      }
      const port = written ? Number(raw) : WI.defaultProxyPort;
      const clash = ports.find((p) => p.port === port);
      if (!clash) continue;
      ctx.report({
        ...base,
        path: written ? annotation : clash.path,
        messageId: "clash",
        data: { ...data, port, container: clash.container },
        evidence: { expected: `a port no container of the pod uses (in use: ${[...new Set(ports.map((p) => p.port))].join(", ")})`, actual: written ? port : `${port} (the default)`, container: clash.container },
        fixes: [setPort(w, annotation, free)],
      });
    }
  },
});

function setPort(w: Workload, annotation: Path, port: number) {
  return setField(w.object, annotation, String(port), `Run the proxy sidecar on port ${port}`);
}

interface PortUse {
  port: number;
  container: string;
  path: Path;
}

/** Ports the pod's containers declare; they share one network namespace with the proxy. */
function containerPorts(w: Workload): PortUse[] {
  const out: PortUse[] = [];
  for (const c of w.containers) {
    if (c.group === "ephemeralContainers") continue;
    asArray(c.raw["ports"]).forEach((p, i) => {
      const port = asRecord(p)["containerPort"];
      if (typeof port === "number") out.push({ port, container: c.name, path: [...c.path, "ports", i, "containerPort"] });
    });
  }
  return out;
}

function freePort(used: number[]): number {
  let port = WI.defaultProxyPort;
  while (used.includes(port)) port++;
  return port;
}
