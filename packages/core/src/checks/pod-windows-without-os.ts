import type { Path } from "../model/location.js";
import { podPath, type Workload } from "../engine/workloads.js";
import { setField } from "../fixes/builders/index.js";
import { asArray, asRecord, asString, getIn } from "../util/raw.js";
import { labelledWorkloads } from "./shared/workload-identity.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

const OS_LABELS = ["kubernetes.io/os", "beta.kubernetes.io/os"];
const WINDOWS_BUILD = "node.kubernetes.io/windows-build";

export const podWindowsWithoutOs = defineCheck({
  meta: {
    id: "pod-windows-without-os",
    severity: "error",
    data: ["M", "K"],
    title: "A Windows pod lacks spec.os.name: windows",
    condition: "pod targets Windows nodes without `spec.os.name: windows`",
    symptom: "`chown ... not supported by windows`",
    description: `The webhook adds a projected service account token volume to every labelled pod. On a Windows node the
kubelet sets the ownership of projected files with \`chown\`, which Windows does not support, unless the pod
says it is a Windows pod with \`spec.os.name: windows\` (Kubernetes 1.25+). Without it the pod is stuck in
\`ContainerCreating\` with \`MountVolume.SetUp failed for volume "azure-workload-identity-reserved-..." :
chown c:\\var\\lib\\kubelet\\pods\\...\\token\\azure-identity-token: not supported by windows\`
(kubernetes/kubernetes#102849).

The check looks at labelled workloads scheduled onto Windows nodes by \`nodeSelector\`
(\`kubernetes.io/os: windows\`, the older \`beta.kubernetes.io/os\`, or \`node.kubernetes.io/windows-build\`) or by
a required node affinity whose every term asks for \`kubernetes.io/os In [windows]\`.

Fix: set \`spec.os.name: windows\` in the pod template. (The proxy sidecar's images are Linux-only: use the
Azure Identity SDK rather than \`inject-proxy-sidecar\` on Windows.)`,
    messages: {
      missing: "{workload} runs on Windows nodes ({reason}) without spec.os.name: windows, so the token volume cannot be mounted",
      otherOs: '{workload} runs on Windows nodes ({reason}) but declares spec.os.name: "{os}"',
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
    spec:
      serviceAccountName: app
      nodeSelector:
        kubernetes.io/os: windows
      containers:
        - name: app
          image: contoso.azurecr.io/web-windows:1.4.2
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
    spec:
      serviceAccountName: app
      os:
        name: windows
      nodeSelector:
        kubernetes.io/os: windows
      containers:
        - name: app
          image: contoso.azurecr.io/web-windows:1.4.2
`)),
    },
  },
  detect(ctx) {
    for (const w of labelledWorkloads(ctx.index)) {
      const target = windowsTarget(w);
      if (!target) continue;
      const os = asString(asRecord(w.podSpec["os"])["name"]);
      if (os === "windows") continue;
      const osPath = podPath(w, "spec", "os", "name");
      ctx.report({
        object: w.object,
        path: os === undefined ? target.path : osPath,
        key: os === undefined && target.key,
        messageId: os === undefined ? "missing" : "otherOs",
        data: { workload: `${w.kind} ${w.namespace}/${w.name}`, reason: target.reason, os: os ?? "" },
        evidence: { expected: "spec.os.name: windows", actual: os === undefined ? "spec.os absent" : `spec.os.name: ${os}`, windowsBy: target.reason },
        fixes: [setField(w.object, osPath, "windows", `Declare ${w.kind} ${w.name}'s pods as Windows pods`)],
        workload: w,
      });
    }
  },
});

/** What schedules the pods onto Windows nodes, and where it is written. */
function windowsTarget(w: Workload): { path: Path; key: boolean; reason: string } | undefined {
  const selector = asRecord(w.podSpec["nodeSelector"]);
  for (const label of OS_LABELS) {
    if (selector[label] === "windows") return { path: podPath(w, "spec", "nodeSelector", label), key: true, reason: `nodeSelector ${label}: windows` };
  }
  if (WINDOWS_BUILD in selector) return { path: podPath(w, "spec", "nodeSelector", WINDOWS_BUILD), key: true, reason: `nodeSelector ${WINDOWS_BUILD}` };
  const termsPath = ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"];
  const terms = asArray(getIn(w.podSpec, termsPath));
  if (terms.length === 0) return undefined;
  let first: Path | undefined;
  for (const [t, term] of terms.entries()) {
    const i = asArray(asRecord(term)["matchExpressions"]).findIndex((e) => {
      const expr = asRecord(e);
      const values = asArray(expr["values"]);
      return OS_LABELS.includes(String(expr["key"])) && expr["operator"] === "In" && values.length > 0 && values.every((v) => v === "windows");
    });
    // a term that allows other nodes lets the pods land on Linux too
    if (i < 0) return undefined;
    first ??= podPath(w, "spec", ...termsPath, t, "matchExpressions", i);
  }
  return first ? { path: first, key: false, reason: "required node affinity kubernetes.io/os In [windows]" } : undefined;
}
