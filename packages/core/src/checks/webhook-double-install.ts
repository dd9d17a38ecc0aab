import { unreadGap } from "../engine/coverage.js";
import { kubeRef } from "../engine/refs.js";
import type { KubeObject } from "../model/kube.js";
import { suggestion } from "../fixes/builders/index.js";
import { getIn, stringMap } from "../util/raw.js";
import { WI } from "../wi.js";
import { wiWebhooks } from "./shared/kube-webhook.js";
import { defineCheck } from "./types.js";

const ADDON_NAMESPACE = "kube-system";
const HELM_NAMESPACE = "azure-workload-identity-system";

function labels(o: KubeObject): Record<string, string> {
  return stringMap(getIn(o.raw, ["metadata", "labels"]));
}

/** Installed by the AKS add-on: in kube-system, reconciled by the add-on manager. */
function isAddon(o: KubeObject): boolean {
  const l = labels(o);
  return o.namespace === ADDON_NAMESPACE || l["addonmanager.kubernetes.io/mode"] !== undefined || l["kubernetes.azure.com/managedby"] === "aks";
}

function removeOne(idle: KubeObject) {
  const text = isAddon(idle)
    ? `# keep the Helm install: switch the AKS add-on off\naz aks update -g RESOURCE_GROUP -n CLUSTER --disable-workload-identity\n# or keep the add-on: remove the Helm release\nhelm uninstall workload-identity-webhook -n ${HELM_NAMESPACE}`
    : `helm uninstall workload-identity-webhook -n ${idle.namespace ?? HELM_NAMESPACE}`;
  return suggestion(`Keep one install of the webhook: remove the one in ${idle.namespace}`, { language: "shell", text });
}

export const webhookDoubleInstall = defineCheck({
  meta: {
    id: "webhook-double-install",
    severity: "warning",
    data: ["K"],
    title: "The workload identity webhook is installed twice",
    condition: "webhook installed both as AKS add-on (`kube-system`) and by Helm",
    symptom: "Helm install fails; two controllers",
    description: `On AKS the add-on (\`az aks update --enable-workload-identity\`) installs the webhook in \`kube-system\`;
the Helm chart \`workload-identity-webhook\` installs the same webhook in \`azure-workload-identity-system\`. Both
use the MutatingWebhookConfiguration \`azure-wi-webhook-mutating-webhook-configuration\`, so the second
install fails (\`rendered manifests contain a resource that already exists\`), or, when the add-on is
switched on after Helm, the add-on manager takes the configuration over and the Helm Deployment keeps
running unused, with its own (possibly different) tenant in its ConfigMap. A second configuration that
registers the same webhook under another name makes the API server call it twice for every pod.

The check reports the webhook registered by more than one configuration, and webhook Deployments
(\`azure-wi-webhook-controller-manager\`) in more than one namespace, naming the one the API server
calls. It reads the Deployment in both namespaces by name; when one cannot be read it is not run.

Fix: keep one install. On AKS keep the add-on and \`helm uninstall workload-identity-webhook -n
azure-workload-identity-system\`; to keep the Helm install (a pinned version, custom values), switch the
add-on off with \`az aks update --disable-workload-identity\`.`,
    messages: {
      twoConfigurations: "the webhook {webhook} is registered {count} times ({configurations}): the API server calls each for every labelled pod",
      twoDeployments: "the workload identity webhook runs in namespaces {namespaces}; the API server calls the one in {active}, the one in {idle} is left from another install",
    },
    needs: ["cluster", "cluster.webhooks"],
    fixable: false,
  },
  detect(ctx) {
    const webhooks = wiWebhooks(ctx.index);
    if (webhooks.length > 1) {
      const names = webhooks.map((w) => `${w.config.name}${w.service ? ` -> ${w.service.namespace}/${w.service.name}` : ""}`);
      ctx.report({
        object: webhooks[1]!.config,
        messageId: "twoConfigurations",
        data: { webhook: WI.mutatingWebhookName, count: webhooks.length, configurations: webhooks.map((w) => w.config.name).join(", ") },
        evidence: { expected: "one MutatingWebhookConfiguration with the webhook", actual: names },
        related: webhooks.map((w) => kubeRef(w.config)),
      });
    }
    const deployments = ctx.index.byKind("Deployment").filter((d) => d.name === WI.webhookDeployment);
    const namespaces = [...new Set(deployments.map((d) => d.namespace ?? "default"))].sort();
    if (namespaces.length > 1) {
      const active = new Set(webhooks.flatMap((w) => (w.service ? [w.service.namespace] : [])));
      for (const idle of deployments.filter((d) => !active.has(d.namespace ?? "default"))) {
        ctx.report({
          object: idle,
          messageId: "twoDeployments",
          data: { namespaces: namespaces.join(", "), active: [...active].join(", ") || "none", idle: idle.namespace ?? "default" },
          evidence: { expected: "one webhook Deployment", actual: namespaces.map((ns) => `${ns}/${WI.webhookDeployment}`), calledByApiServer: [...active], installedBy: isAddon(idle) ? "AKS add-on" : "Helm or manifests" },
          fixes: [removeOne(idle)],
          related: deployments.filter((d) => d !== idle).map((d) => kubeRef(d)),
        });
      }
      return;
    }
    // one install seen: a verdict only if both places it can be were read
    for (const ns of [ADDON_NAMESPACE, HELM_NAMESPACE]) {
      const gap = unreadGap(ctx.snapshot.coverage, "deployments.apps", ns, WI.webhookDeployment);
      if (gap && webhooks.length <= 1) return ctx.notRun({ code: "missing-data", data: "cluster", gap });
    }
  },
});
