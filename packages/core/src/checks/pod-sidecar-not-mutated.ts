import type { Fix } from "../model/fix.js";
import type { Workload } from "../engine/workloads.js";
import { kubeRef } from "../engine/refs.js";
import { shq, suggestion } from "../fixes/builders/index.js";
import { WI } from "../wi.js";
import { wiWebhooks, type WiWebhook } from "./shared/kube-webhook.js";
import { containerMutated, containersToMutate, podRefs, runningPods, templateContainer, tokenVolume, type RunningPod } from "./shared/live-pods.js";
import { defineCheck } from "./types.js";

/** Containers that other admission webhooks add to pods (service meshes, runtimes, secret agents). */
const KNOWN_SIDECARS = new Set(["istio-proxy", "istio-init", "istio-validation", "linkerd-proxy", "linkerd-init", "daprd", "vault-agent", "vault-agent-init", "consul-dataplane", "envoy", "otc-container"]);

function reinvocationFix(w: WiWebhook): Fix {
  const patch = JSON.stringify([{ op: "replace", path: `/webhooks/${w.index}/reinvocationPolicy`, value: "IfNeeded" }]);
  return suggestion(`Let the API server call the workload identity webhook again after other webhooks add containers (reinvocationPolicy: IfNeeded), then recreate the pods`, {
    language: "shell",
    text: `kubectl patch mutatingwebhookconfiguration ${w.config.name} --type json -p ${shq(patch)}`,
  });
}

function skipFix(owner: Workload, containers: string[]): Fix {
  const value = [...new Set([...(owner.annotations[WI.skipContainersAnnotation] ?? "").split(";").map((s) => s.trim()).filter(Boolean), ...containers])].join(";");
  return suggestion(`If ${containers.join(", ")} need no Azure access, say so with the ${WI.skipContainersAnnotation} pod annotation`, {
    language: "yaml",
    text: `spec:\n  template:\n    metadata:\n      annotations:\n        ${WI.skipContainersAnnotation}: "${value}"`,
  });
}

export const podSidecarNotMutated = defineCheck({
  meta: {
    id: "pod-sidecar-not-mutated",
    severity: "warning",
    data: ["K"],
    title: "Containers added by another webhook lack the identity",
    condition: "containers injected by later webhooks (Istio, Dapr, ...) lack the env/volume",
    symptom: "sidecar auth fails",
    description: `The workload identity webhook mutates the containers a pod has when it sees the pod. A service mesh, Dapr
or a secrets agent adds its own containers in its own webhook; when that webhook runs after the workload
identity webhook, and the workload identity webhook is not called again (\`reinvocationPolicy: Never\`, or
a configuration that predates \`IfNeeded\`), those containers get no \`AZURE_*\` variables and no token
mount. A sidecar that talks to Azure itself (Dapr's Azure components, a Key Vault agent) then fails, or
uses the node's identity.

The check reads running pods the webhook mutated and reports the containers, absent from the
workload's pod template, that lack the token mount and \`AZURE_FEDERATED_TOKEN_FILE\` (for bare pods, the
well-known sidecar names), with the webhook's reinvocation policy.

Fix: set \`reinvocationPolicy: IfNeeded\` on the workload identity webhook (the chart's default) and
recreate the pods; or, when the sidecar needs no Azure access, name it in the pod annotation
\`azure.workload.identity/skip-containers\` (\`;\`-separated) to make that explicit.`,
    messages: {
      notMutated: "{workload}: container(s) {containers} added to its pods by another webhook have no workload identity token and no AZURE_* variables (reinvocationPolicy {policy})",
    },
    needs: ["cluster"],
    fixable: false,
  },
  detect(ctx) {
    const webhooks = wiWebhooks(ctx.index);
    const groups = new Map<Workload, { containers: Set<string>; pods: RunningPod[] }>();
    for (const p of runningPods(ctx.index)) {
      const volume = tokenVolume(p.view);
      if (!volume) continue;
      const missed = containersToMutate(p.view).filter((c) => {
        if (containerMutated(c, volume.name)) return false;
        return p.controlled ? templateContainer(p.owner, c) === undefined : KNOWN_SIDECARS.has(c.name);
      });
      if (missed.length === 0) continue;
      const g = groups.get(p.owner) ?? { containers: new Set<string>(), pods: [] };
      for (const c of missed) g.containers.add(c.name);
      g.pods.push(p);
      groups.set(p.owner, g);
    }
    for (const [owner, { containers, pods }] of groups) {
      const names = [...containers];
      const never = webhooks.find((w) => w.reinvocationPolicy !== "IfNeeded");
      ctx.report({
        object: owner.object,
        messageId: "notMutated",
        data: { workload: `${owner.kind} ${owner.namespace}/${owner.name}`, containers: names.join(", "), policy: webhooks.map((w) => w.reinvocationPolicy).join(", ") || "unknown" },
        evidence: {
          expected: `the token mount and ${WI.env.tokenFile} in every container but those of ${WI.skipContainersAnnotation}`,
          actual: `${names.join(", ")} without them`,
          pods: pods.map((p) => p.pod.name),
          ...(webhooks.length ? { reinvocationPolicy: webhooks.map((w) => `${w.config.name}: ${w.reinvocationPolicy}`) } : {}),
        },
        fixes: [...(never ? [reinvocationFix(never)] : []), skipFix(owner, names)],
        workload: owner,
        related: [...podRefs(pods), ...webhooks.map((w) => kubeRef(w.config))],
      });
    }
  },
});
