import { stringify } from "yaml";
import type { Fix } from "../model/fix.js";
import { setField } from "../fixes/builders/index.js";
import { kubeRef } from "../engine/refs.js";
import { unreadGap } from "../engine/coverage.js";
import { podPath, type Workload } from "../engine/workloads.js";
import { closest } from "../util/text.js";
import { WI } from "../wi.js";
import { meansWorkloadIdentity } from "./shared/kube-intent.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const saMissing = defineCheck({
  meta: {
    id: "sa-missing",
    severity: "error",
    data: ["M", "K"],
    title: "The workload's ServiceAccount does not exist",
    condition: "a workload's `serviceAccountName` (default `default`) does not exist in its namespace",
    symptom: "pod rejected, or wrong identity subject",
    description: `A pod runs as the ServiceAccount named in \`spec.serviceAccountName\` of its namespace. When that
ServiceAccount does not exist, the API server refuses to create the pod (\`error looking up service
account NS/NAME: serviceaccount "NAME" not found\`, shown as \`FailedCreate\` on the ReplicaSet or Job),
and the workload identity webhook cannot read the \`client-id\` annotation it needs. A ServiceAccount
created in another namespace does not count: the federated credential's subject is
\`system:serviceaccount:<namespace>:<name>\`, so the ServiceAccount must live beside the pod.

The check looks at workloads that use workload identity (the \`azure.workload.identity/use\` label
or \`azure.workload.identity/*\` pod annotations). Every namespace has a \`default\` ServiceAccount,
so only named ones are checked. With manifests alone the ServiceAccount may simply live in another
file or chart: pass all the manifests of the namespace, or run against the cluster.

Fix: create the ServiceAccount in the workload's namespace (annotated with the identity's client id),
or correct \`serviceAccountName\` when it is a typo.`,
    messages: {
      missing: '{workload} runs as ServiceAccount "{sa}", which does not exist in namespace {namespace}',
      elsewhere: '{workload} runs as ServiceAccount "{sa}", which exists in namespace {elsewhere} but not in {namespace}',
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
    spec:
      serviceAccountName: apps   # the ServiceAccount is called app
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
    const saNamesByNamespace = new Map<string, string[]>();
    const saNamespacesByName = new Map<string, string[]>();
    for (const sa of ctx.index.byKind("ServiceAccount")) {
      const ns = sa.namespace ?? "default";
      push(saNamesByNamespace, ns, sa.name);
      push(saNamespacesByName, sa.name, ns);
    }
    // one finding per missing ServiceAccount, at the first workload that names it
    const groups = new Map<string, Workload[]>();
    for (const w of ctx.index.workloads) {
      if (!w.serviceAccountNameWritten || w.serviceAccountName === "default") continue;
      if (ctx.index.serviceAccount(w.namespace, w.serviceAccountName)) continue;
      if (!meansWorkloadIdentity(w)) continue;
      // a live read that could not list this namespace's ServiceAccounts proves no absence
      if (unreadGap(ctx.snapshot.coverage, "serviceaccounts", w.namespace)) continue;
      const key = `${w.namespace}/${w.serviceAccountName}`;
      push(groups, key, w);
    }
    const scanned = ctx.snapshot.coverage.available.has("cluster") ? "cluster" : "manifests";
    for (const [key, [w, ...others]] of groups) {
      if (!w) continue;
      const field = nameField(w);
      const elsewhere = (saNamespacesByName.get(w.serviceAccountName) ?? []).filter((ns) => ns !== w.namespace);
      const near = closest(w.serviceAccountName, saNamesByNamespace.get(w.namespace) ?? [], 3).filter((n) => n !== "default");
      ctx.report({
        object: w.object,
        path: podPath(w, "spec", field),
        messageId: elsewhere.length ? "elsewhere" : "missing",
        data: { workload: `${w.kind}/${w.name}`, sa: w.serviceAccountName, namespace: w.namespace, elsewhere: elsewhere.join(", ") },
        evidence: {
          expected: `ServiceAccount ${key}`,
          actual: `not found in the scanned ${scanned}`,
          ...(elsewhere.length ? { foundInNamespaces: elsewhere } : {}),
          ...(near.length ? { similarNames: near } : {}),
        },
        fixes: [createServiceAccount(w), ...near.slice(0, 1).map((n) => setField(w.object, podPath(w, "spec", field), n, `Use the existing ServiceAccount "${n}"`))],
        workload: w,
        related: others.map((o) => kubeRef(o.object)),
      });
    }
  },
});

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The field the workload wrote: `serviceAccountName`, or the deprecated `serviceAccount` alone. */
function nameField(w: Workload): string {
  return typeof w.podSpec["serviceAccountName"] === "string" && w.podSpec["serviceAccountName"] !== "" ? "serviceAccountName" : "serviceAccount";
}

function createServiceAccount(w: Workload): Fix {
  const sa = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: {
      name: w.serviceAccountName,
      namespace: w.namespace,
      annotations: { [WI.clientIdAnnotation]: "<client id: az identity show -n NAME -g RG --query clientId -o tsv>" },
    },
  };
  return {
    title: `Create ServiceAccount ${w.serviceAccountName} in namespace ${w.namespace}`,
    snippet: { language: "yaml", text: stringify(sa).trimEnd() },
    kind: "suggestion",
    plans: [],
    choices: [{ what: "client-id", question: `Which managed identity should ServiceAccount ${w.serviceAccountName} use (its client id)?` }],
  };
}

