import type { SnapshotIndex } from "../engine/snapshot-index.js";
import type { Workload } from "../engine/workloads.js";
import { restartWorkload } from "../fixes/builders/index.js";
import { asString, getIn } from "../util/raw.js";
import { WI } from "../wi.js";
import { annotationsOf } from "./shared/azure-bindings.js";
import { envOf } from "./shared/kube-containers.js";
import { webhookSeesNamespace, webhookSelectsPod, wiWebhooks } from "./shared/kube-webhook.js";
import { containersToMutate, podRefs, runningPods, templateContainer, templateSets, tokenVolume, type RunningPod } from "./shared/live-pods.js";
import { defineCheck } from "./types.js";

type Reason = "noInjection" | "noClientId" | "staleTemplate";

export const podNotMutated = defineCheck({
  meta: {
    id: "pod-not-mutated",
    severity: "error",
    data: ["K"],
    title: "A labelled pod was not mutated by the webhook",
    condition: "a running labelled pod lacks the injected env or token volume (created before label/annotation/webhook)",
    symptom: "needs a restart",
    description: `The webhook mutates a pod once, when it is **created**. A pod that was already running when the label was
added to the template's pods, when the ServiceAccount got its \`client-id\`, or when the webhook was
installed, keeps running without \`AZURE_CLIENT_ID\`, \`AZURE_FEDERATED_TOKEN_FILE\` and the token volume. Its
Azure SDK then falls back to the node's identity ("ManagedIdentityCredential ... the requested identity
has not been assigned"). A pod created while the webhook was down cannot be in this state (the webhook's
\`failurePolicy: Fail\` rejects it) unless the policy was changed.

The check reads the cluster's running pods: a pod labelled \`azure.workload.identity/use: "true"\` without the
projected token (audience \`api://AzureADTokenExchange\`); a mutated pod without \`AZURE_CLIENT_ID\` whose
ServiceAccount now has a \`client-id\`; a pod of a StatefulSet or DaemonSet with an \`OnDelete\` update
strategy that lacks the label its template now has. One finding per workload, naming its pods. Pods the
webhook would not mutate even if they were recreated are left to the checks that say why
(\`webhook-missing\`, \`namespace-excluded\`).

Fix: recreate the pods: \`kubectl rollout restart deployment/NAME -n NS\` (or statefulset, daemonset);
delete bare pods and create them again; a CronJob picks the change up with its next run, a running Job must be recreated.`,
    messages: {
      noInjection: "{workload}: {count} running pod(s) labelled for workload identity were created without the webhook's token and AZURE_* variables; pods created now would get them",
      noClientId: "{workload}: {count} running pod(s) have no AZURE_CLIENT_ID: ServiceAccount {sa} got its client-id after they were created",
      staleTemplate: "{workload}: {count} running pod(s) lack the {label} label that the pod template now has, so the webhook never saw them",
    },
    needs: ["cluster"],
    fixable: true,
  },
  detect(ctx) {
    const webhooks = wiWebhooks(ctx.index);
    const webhooksKnown = ctx.snapshot.coverage.available.has("cluster.webhooks");
    /** Whether a new pod of this namespace would be mutated: undefined when that cannot be told. */
    const wouldMutate = (p: RunningPod): boolean | undefined => {
      if (!webhooksKnown) return undefined;
      const labels = { ...p.owner.labels, [WI.useLabel]: "true" };
      const seen = webhooks.filter((w) => webhookSelectsPod(w, labels)).map((w) => webhookSeesNamespace(w, ctx.index, p.view.namespace));
      if (seen.some((s) => s === true)) return true;
      return seen.some((s) => s === undefined) ? undefined : false;
    };

    const groups = new Map<string, { owner: Workload; reason: Reason; pods: RunningPod[]; sa: string }>();
    for (const p of runningPods(ctx.index)) {
      const reason = reasonOf(ctx.index, p);
      if (!reason) continue;
      // recreated, they would stay as they are: webhook-missing or namespace-excluded says why
      if (reason !== "noClientId" && wouldMutate(p) === false) continue;
      const key = `${p.owner.namespace}/${p.owner.kind}/${p.owner.name}\u0000${reason}`;
      const g = groups.get(key) ?? { owner: p.owner, reason, pods: [], sa: p.view.serviceAccountName };
      g.pods.push(p);
      groups.set(key, g);
    }
    for (const { owner, reason, pods, sa } of groups.values()) {
      const workload = `${owner.kind} ${owner.namespace}/${owner.name}`;
      const fix = restartWorkload(owner.object, `Recreate the pods of ${owner.kind.toLowerCase()}/${owner.name} so that the webhook mutates them`);
      const p0 = pods[0]!;
      ctx.report({
        object: owner.object,
        messageId: reason,
        data: { workload, count: pods.length, sa: `${owner.namespace}/${sa}`, label: WI.useLabel },
        evidence: {
          expected: reason === "noClientId" ? `${WI.env.clientId} in the pods' containers` : reason === "staleTemplate" ? `${WI.useLabel}: "true" on the pods` : `a projected token volume (audience ${WI.audience}) and ${WI.env.tokenFile}`,
          actual: reason === "noClientId" ? `no ${WI.env.clientId}` : reason === "staleTemplate" ? "label absent" : "no token volume, no AZURE_* variables",
          pods: pods.map((p) => p.pod.name),
          createdAt: asString(getIn(p0.pod.raw, ["metadata", "creationTimestamp"])),
          webhook: !webhooksKnown ? "not known: MutatingWebhookConfigurations could not be read" : webhooks.length ? "installed; it mutates pods created now" : "none",
          ...(reason === "staleTemplate" ? { updateStrategy: asString(getIn(owner.object.raw, ["spec", "updateStrategy", "type"])) ?? "RollingUpdate" } : {}),
        },
        fixes: fix ? [fix] : [],
        workload: owner,
        related: podRefs(pods),
      });
    }
  },
});

/** Why a running pod lacks what the webhook injects, if it does. */
function reasonOf(index: SnapshotIndex, p: RunningPod): Reason | undefined {
  const labelled = p.view.labels[WI.useLabel] === "true";
  if (!labelled) return p.controlled && p.owner.labels[WI.useLabel] === "true" ? "staleTemplate" : undefined;
  const volume = tokenVolume(p.view);
  if (!volume) return "noInjection";
  const sa = index.serviceAccount(p.view.namespace, p.view.serviceAccountName);
  const clientId = sa ? (annotationsOf(sa)[WI.clientIdAnnotation] ?? "").trim() : "";
  if (clientId === "") return undefined;
  const missing = containersToMutate(p.view).some((c) => {
    const t = p.controlled ? templateContainer(p.owner, c) : undefined;
    if (p.controlled && !t) return false; // another webhook's sidecar: pod-sidecar-not-mutated
    if (templateSets(t, WI.env.clientId)) return false;
    return !envOf(c).some((e) => e.name === WI.env.clientId);
  });
  return missing ? "noClientId" : undefined;
}
