import { unreadGap } from "../engine/coverage.js";
import { kubeRef } from "../engine/refs.js";
import { manualFix } from "../fixes/builders/index.js";
import { asArray, asNumber, asRecord, asString, getIn } from "../util/raw.js";
import { WI } from "../wi.js";
import { wiWebhooks } from "./shared/kube-webhook.js";
import { defineCheck } from "./types.js";

/** Why a container is not running, from the state the kubelet reports (CrashLoopBackOff, ImagePullBackOff, ...). */
function containerTrouble(pod: Record<string, unknown>): string | undefined {
  for (const s of asArray(getIn(pod, ["status", "containerStatuses"]))) {
    const status = asRecord(s);
    const waiting = asString(getIn(status, ["state", "waiting", "reason"]));
    if (waiting) return waiting;
    if (status["ready"] === false) return "not ready";
  }
  const phase = asString(getIn(pod, ["status", "phase"]));
  return phase && phase !== "Running" ? phase : undefined;
}

export const webhookNotReady = defineCheck({
  meta: {
    id: "webhook-not-ready",
    severity: "error",
    data: ["K"],
    title: "The workload identity webhook does not answer",
    condition: "webhook Deployment has no available replicas / Service has no ready endpoints",
    symptom: "ReplicaSet `FailedCreate: failed calling webhook ... no endpoints available` (failurePolicy Fail blocks every labelled pod)",
    description: `The API server calls the webhook through the Service named in the MutatingWebhookConfiguration
(\`azure-wi-webhook-webhook-service\`, port 443 to the pods' 9443). When no pod behind it is ready (the
Deployment \`azure-wi-webhook-controller-manager\` crash-loops, cannot pull its image, or was scaled to zero),
every labelled pod creation fails: with \`failurePolicy: Fail\` (the default) the ReplicaSet, Job or
StatefulSet reports \`FailedCreate ... failed calling webhook "mutation.azure-workload-identity.io" ... no
endpoints available for service\`, and no new pod starts; with \`failurePolicy: Ignore\` the pods start,
silently unmutated.

The check follows each workload identity webhook to its Service and counts the ready endpoints of the
Service's EndpointSlices; it shows the Deployment's available replicas and why its pods are not ready.
A webhook that crashes at start with "AZURE_TENANT_ID is required" has an empty tenant in its
ConfigMap (see \`webhook-tenant-config\`).

Fix: look at the webhook's pods (\`kubectl -n NAMESPACE describe deployment azure-wi-webhook-controller-manager\`,
\`kubectl -n NAMESPACE logs deployment/azure-wi-webhook-controller-manager --previous\`), correct what they
report, and on AKS let the add-on reconcile (\`az aks update --enable-workload-identity\`). Then recreate
the workloads whose pods could not be created.`,
    messages: {
      notReady: "the workload identity webhook has no ready endpoint behind Service {service}: with failurePolicy Fail, every pod labelled for workload identity is refused",
      notReadyIgnored: "the workload identity webhook has no ready endpoint behind Service {service}: with failurePolicy Ignore, labelled pods start without the identity, silently",
      noService: "the workload identity webhook calls Service {service}, which does not exist: every pod labelled for workload identity is refused",
    },
    needs: ["cluster", "cluster.webhooks"],
    fixable: false,
  },
  detect(ctx) {
    for (const w of wiWebhooks(ctx.index)) {
      if (!w.service) continue;
      const { namespace, name } = w.service;
      const service = `${namespace}/${name}`;
      const slicesGap = ctx.snapshot.coverage.live?.unread.find((g) => g.resource === "endpointslices.discovery.k8s.io" && g.namespace === namespace)?.gap;
      if (slicesGap) return ctx.notRun({ code: "missing-data", data: "cluster", gap: slicesGap });
      const svc = ctx.index.byKind("Service").find((s) => s.namespace === namespace && s.name === name);
      const deployment = ctx.index.byKind("Deployment").find((d) => d.namespace === namespace && d.name === WI.webhookDeployment);
      const owner = deployment ? ctx.index.workloads.find((x) => x.object === deployment) : undefined;
      const pods = owner ? ctx.index.podsOf(owner) : [];
      const troubles = pods.flatMap((p) => {
        const why = containerTrouble(p.raw);
        return why ? [`${p.name}: ${why}`] : [];
      });
      const tenant = asString(asRecord(ctx.index.byKind("ConfigMap").find((c) => c.namespace === namespace && c.name === WI.webhookConfigMap)?.raw["data"])["AZURE_TENANT_ID"]);
      const evidence = {
        ...(deployment
          ? { deployment: `${namespace}/${WI.webhookDeployment}`, availableReplicas: asNumber(getIn(deployment.raw, ["status", "availableReplicas"])) ?? 0, replicas: asNumber(getIn(deployment.raw, ["spec", "replicas"])) ?? 1 }
          : {}),
        ...(troubles.length ? { pods: troubles } : {}),
        failurePolicy: w.failurePolicy,
        ...(tenant !== undefined && tenant.trim() === "" ? { explainedBy: "webhook-tenant-config" } : {}),
      };
      const look = manualFix(`Find out why the webhook in ${namespace} is not ready`, {
        language: "shell",
        text: `kubectl -n ${namespace} describe deployment ${WI.webhookDeployment}\nkubectl -n ${namespace} logs deployment/${WI.webhookDeployment} --previous`,
      });
      const related = [kubeRef(w.config), ...pods.slice(0, 5).map((p) => kubeRef(p))];
      if (!svc) {
        const gap = unreadGap(ctx.snapshot.coverage, "services", namespace, name);
        if (gap) return ctx.notRun({ code: "missing-data", data: "cluster", gap });
        ctx.report({ object: { kind: "Service", name, namespace, apiVersion: "v1" }, messageId: "noService", data: { service }, evidence: { expected: `Service ${service}`, actual: "not found", ...evidence }, fixes: [look], related });
        continue;
      }
      const slices = ctx.index.byKind("EndpointSlice").filter((s) => s.namespace === namespace && asString(getIn(s.raw, ["metadata", "labels", "kubernetes.io/service-name"])) === name);
      const endpoints = slices.flatMap((s) => asArray(s.raw["endpoints"]).map(asRecord));
      // a nil `ready` condition means ready, as the API documents it
      const ready = endpoints.filter((e) => asRecord(e["conditions"])["ready"] !== false).length;
      if (ready > 0) continue;
      ctx.report({
        object: deployment ?? svc,
        messageId: w.failurePolicy === "Ignore" ? "notReadyIgnored" : "notReady",
        data: { service },
        evidence: { expected: "at least one ready endpoint", actual: `${endpoints.length} endpoints, none ready`, ...evidence },
        fixes: [look],
        related,
      });
    }
  },
});
