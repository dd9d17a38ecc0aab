import { kubeRef } from "../engine/refs.js";
import type { Workload } from "../engine/workloads.js";
import { podPath } from "../engine/workloads.js";
import type { Fix } from "../model/fix.js";
import type { KubeObject } from "../model/kube.js";
import { combineFixes, setField, shq, suggestion } from "../fixes/builders/index.js";
import { asRecord } from "../util/raw.js";
import { WI } from "../wi.js";
import { describeRequirement, requirements, unmet, type Requirement } from "./shared/label-selector.js";
import { ENFORCER_REQUIREMENTS, enforcerDisabled, isEnforcerRequirement, namespaceLabels, workloadIdentityWebhooks, type NamespaceLabels } from "./shared/kube-webhook-config.js";
import { labelledWorkloads } from "./shared/workload-identity.js";
import { defineCheck, type CheckContext } from "./types.js";
import { DEPLOYMENT, example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";

const KEDA_SERVICE_ACCOUNT = SERVICE_ACCOUNT.replace("name: app", "name: keda-operator").replace("namespace: prod", "namespace: NAMESPACE");
const KEDA_DEPLOYMENT = DEPLOYMENT.replace(/name: web/g, "name: keda-operator").replace(/app: web/g, "app: keda-operator").replace("namespace: prod", "namespace: NAMESPACE").replace("serviceAccountName: app", "serviceAccountName: keda-operator");
/** The workload identity webhook's configuration, as its chart renders it: every namespace selected. */
const WEBHOOK = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: azure-wi-webhook-mutating-webhook-configuration
  labels:
    azure-workload-identity.io/system: "true"
webhooks:
  - name: mutation.azure-workload-identity.io
    admissionReviewVersions: ["v1", "v1beta1"]
    clientConfig:
      service:
        name: azure-wi-webhook-webhook-service
        namespace: azure-workload-identity-system
        path: /mutate-v1-pod
    failurePolicy: Fail
    objectSelector:
      matchLabels:
        azure.workload.identity/use: "true"
    reinvocationPolicy: IfNeeded
    rules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["pods"]
    sideEffects: None
`;

const messages = {
  enforcer:
    "{workload} runs in namespace {namespace}, which the AKS admissions enforcer keeps from admission webhooks ({requirement}): its pods are created without the workload identity variables and token",
  selector:
    "{workload} runs in namespace {namespace}, which the webhook's namespaceSelector does not select ({requirement}): its pods are created without the workload identity variables and token",
} as const;

export const namespaceExcluded = defineCheck({
  meta: {
    id: "namespace-excluded",
    severity: "error",
    data: ["M", "K"],
    title: "The namespace is outside the webhook's reach",
    condition: "the pod's namespace is outside the webhook's `namespaceSelector`, or is `kube-system`/AKS-internal (admissions enforcer)",
    symptom: "labelled pods silently not mutated",
    description: `The webhook only sees pods of namespaces its \`namespaceSelector\` selects (the Helm value
\`mutatingWebhookNamespaceSelector\`; empty by default, which selects every namespace). On AKS the
admissions enforcer also adds two requirements to the selector of every admission webhook:
\`control-plane notin (true)\` and \`kubernetes.azure.com/managedby notin (aks)\`. \`kube-system\` carries both
labels, and so do the namespaces AKS manages. A labelled pod in an excluded namespace is silently created
**without** injection: no \`AZURE_*\` variables, no token, and the SDK falls back to the node's identity.

From manifests alone the check reports labelled workloads in \`kube-system\`, or in a namespace whose
Namespace object carries one of those labels. When the webhook's MutatingWebhookConfiguration is among
the objects (Helm output, or a live cluster), its \`namespaceSelector\` is evaluated against the namespace's
labels (\`matchLabels\` and \`matchExpressions\`, as Kubernetes does; every namespace has
\`kubernetes.io/metadata.name\`), with the enforcer's requirements added to a configuration read from a
file, which the enforcer has not rewritten yet, unless it opts out. A namespace whose labels are unknown
(its Namespace object was not loaded) is not judged against a selector that needs other labels.

Fix: run the workload in an application namespace, or label the namespace so that the selector selects
it. For \`kube-system\`, the azure-workload-identity documentation (known issues) has the
MutatingWebhookConfiguration opt out of the enforcer with the label \`admissions.enforcer/disabled: "true"\`
(AKS also accepts the annotation); AKS advises against running your own workloads there.`,
    messages,
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          KEDA_SERVICE_ACCOUNT.replace("NAMESPACE", "kube-system"),
          KEDA_DEPLOYMENT.replace("namespace: NAMESPACE", "namespace: kube-system          # AKS keeps admission webhooks away from kube-system"),
          WEBHOOK,
        ),
      ),
      good: example(
        yamlDocuments(
          KEDA_SERVICE_ACCOUNT.replace("NAMESPACE", "keda"),
          KEDA_DEPLOYMENT.replace("namespace: NAMESPACE", "namespace: keda                 # an application namespace the webhook selects"),
          WEBHOOK,
        ),
      ),
    },
  },
  detect(ctx) {
    const webhooks = workloadIdentityWebhooks(ctx.index);
    const live = ctx.snapshot.coverage.available.has("cluster");
    // a live cluster whose webhook configurations could not be listed: no selector to judge against
    if (live && !ctx.snapshot.coverage.available.has("cluster.webhooks")) {
      return ctx.notRun({ code: "missing-data", data: "cluster.webhooks", gap: ctx.snapshot.coverage.gaps.get("cluster.webhooks") ?? { code: "not-given" } });
    }
    for (const w of labelledWorkloads(ctx.index)) {
      const ns = namespaceLabels(ctx.index, w.namespace);
      if (webhooks.length === 0) {
        // a live cluster without the webhook is webhook-missing's; from manifests, AKS's enforcer still applies
        if (live || !ns.known) continue;
        const miss = unmet(ENFORCER_REQUIREMENTS, ns.labels);
        if (miss.length > 0) report(ctx, w, ns, miss, undefined);
        continue;
      }
      // pods are mutated when any of the webhook's installs selects them
      let first: { miss: Requirement[]; config: KubeObject } | undefined;
      let selected = false;
      for (const entry of webhooks) {
        const reqs = requirements(entry.webhook["namespaceSelector"]);
        if (reqs === undefined) {
          selected = true;
          break;
        }
        // a configuration read from a file has not been rewritten by the enforcer yet
        const all = entry.config.origin && !enforcerDisabled(entry.config) ? [...reqs, ...ENFORCER_REQUIREMENTS] : reqs;
        if (!ns.known && all.some((r) => r.key !== "kubernetes.io/metadata.name" && !isEnforcerRequirement(r))) {
          selected = true;
          break;
        }
        const miss = unmet(all, ns.labels);
        if (miss.length === 0) {
          selected = true;
          break;
        }
        first ??= { miss, config: entry.config };
      }
      if (!selected && first) report(ctx, w, ns, first.miss, first.config);
    }
  },
});

function report(ctx: CheckContext<typeof messages>, w: Workload, ns: NamespaceLabels, miss: Requirement[], config: KubeObject | undefined): void {
  const enforcer = miss.every(isEnforcerRequirement);
  const written = typeof asRecord(w.object.raw["metadata"])["namespace"] === "string";
  ctx.report({
    object: w.object,
    path: written ? ["metadata", "namespace"] : podPath(w, "metadata", "labels", WI.useLabel),
    messageId: enforcer ? "enforcer" : "selector",
    data: { workload: `${w.kind} ${w.namespace}/${w.name}`, namespace: w.namespace, requirement: miss.map(describeRequirement).join(", ") },
    evidence: {
      expected: enforcer ? "a namespace the AKS admissions enforcer leaves to the webhook" : "a namespace the webhook's namespaceSelector selects",
      actual: { namespace: w.namespace, labels: ns.labels },
      unmet: miss.map(describeRequirement),
      ...(config ? { webhookConfiguration: config.name } : {}),
    },
    fixes: enforcer ? enforcerFixes(config) : selectorFixes(w.namespace, ns.namespace, miss),
    workload: w,
    ...(config || ns.namespace ? { related: [...(config ? [kubeRef(config)] : []), ...(ns.namespace ? [kubeRef(ns.namespace)] : [])] } : {}),
  });
}

function enforcerFixes(config: KubeObject | undefined): Fix[] {
  const title = "Let the workload identity webhook see kube-system: label its MutatingWebhookConfiguration admissions.enforcer/disabled=true";
  if (config) return [setField(config, ["metadata", "labels", "admissions.enforcer/disabled"], "true", title)];
  return [suggestion(title, { language: "shell", text: `kubectl label mutatingwebhookconfiguration ${WI.mutatingWebhookConfiguration} admissions.enforcer/disabled=true` })];
}

/** Labels that meet the unmet `In` requirements of one value; anything else is the user's choice. */
function selectorFixes(name: string, namespace: KubeObject | undefined, miss: Requirement[]): Fix[] {
  const settable = miss.filter((r) => r.operator === "In" && r.values.length === 1);
  const title = `Label namespace ${name} so that the webhook selects it`;
  if (settable.length !== miss.length) {
    return [suggestion(title, { language: "shell", text: `kubectl label namespace ${name} ${miss.map((r) => `${r.key}${r.operator === "In" ? `=${r.values[0]}` : "-"}`).join(" ")}` }, [{ what: "value", question: `Which labels should namespace ${name} have to meet ${miss.map(describeRequirement).join(", ")}?` }])];
  }
  const command = `kubectl label namespace ${name} ${settable.map((r) => shq(`${r.key}=${r.values[0]}`)).join(" ")}`;
  if (!namespace) return [suggestion(title, { language: "shell", text: command })];
  return [combineFixes(title, settable.map((r) => setField(namespace, ["metadata", "labels", r.key], r.values[0], title)))];
}
