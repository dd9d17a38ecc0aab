import type { Workload } from "../engine/workloads.js";
import { restartWorkload } from "../fixes/builders/index.js";
import { asRecord, asString } from "../util/raw.js";
import { WI } from "../wi.js";
import { annotationsOf } from "./shared/azure-bindings.js";
import { containersToMutate, envValue, podRefs, runningPods, templateContainer, templateSets, tokenVolume, type RunningPod } from "./shared/live-pods.js";
import { defineCheck } from "./types.js";

interface Stale {
  variable: string;
  injected: string;
  current: string;
}

export const podStaleClientId = defineCheck({
  meta: {
    id: "pod-stale-client-id",
    severity: "error",
    data: ["K"],
    title: "Running pods use an identity their ServiceAccount no longer names",
    condition: "a running pod's injected `AZURE_CLIENT_ID`/`AZURE_TENANT_ID` differ from its SA's current annotations",
    symptom: "old identity used until restart",
    description: `The webhook copies the ServiceAccount's \`azure.workload.identity/client-id\` (and \`tenant-id\`, or its default
tenant) into \`AZURE_CLIENT_ID\` and \`AZURE_TENANT_ID\` when a pod is created, and never again. After the
annotation changes (a new identity, a corrected typo), the pods that run keep the old values and
authenticate as the old identity, or fail with AADSTS700016 / AADSTS70021, until they are recreated;
the new pods of the next rollout work, which makes the failure look random.

The check compares, for each running pod the webhook mutated, the variables it injected (those the pod
template does not set itself) with what the ServiceAccount and the webhook's ConfigMap say now. One
finding per workload, with the pods and both values.

Fix: recreate the pods: \`kubectl rollout restart deployment/NAME -n NS\` (or statefulset, daemonset).`,
    messages: {
      clientId: "{workload}: {count} running pod(s) use AZURE_CLIENT_ID {injected}, but ServiceAccount {sa} now names {current}",
      clientIdRemoved: "{workload}: {count} running pod(s) use AZURE_CLIENT_ID {injected}, which ServiceAccount {sa} no longer names",
      tenantId: "{workload}: {count} running pod(s) use AZURE_TENANT_ID {injected}, but the tenant for ServiceAccount {sa} is now {current}",
    },
    needs: ["cluster"],
    fixable: true,
  },
  detect(ctx) {
    const defaultTenant = asString(asRecord(ctx.index.byKind("ConfigMap").find((c) => c.name === WI.webhookConfigMap)?.raw["data"])["AZURE_TENANT_ID"]);
    const groups = new Map<Workload, { stale: Stale; pods: RunningPod[]; sa: string }>();
    for (const p of runningPods(ctx.index)) {
      // a bare pod's env cannot be told from what its author wrote: pod-env-override judges it
      if (!p.controlled || !tokenVolume(p.view)) continue;
      const sa = ctx.index.serviceAccount(p.view.namespace, p.view.serviceAccountName);
      if (!sa) continue;
      const annotations = annotationsOf(sa);
      const wanted: Record<string, string | undefined> = {
        [WI.env.clientId]: (annotations[WI.clientIdAnnotation] ?? "").trim(),
        [WI.env.tenantId]: WI.tenantIdAnnotation in annotations ? (annotations[WI.tenantIdAnnotation] ?? "").trim() : defaultTenant?.trim(),
      };
      let stale: Stale | undefined;
      for (const c of containersToMutate(p.view)) {
        const t = templateContainer(p.owner, c);
        if (!t) continue;
        for (const variable of [WI.env.clientId, WI.env.tenantId]) {
          const current = wanted[variable];
          const injected = envValue(c, variable);
          if (current === undefined || injected === undefined || templateSets(t, variable)) continue;
          if (injected.toLowerCase() !== current.toLowerCase()) {
            stale ??= { variable, injected, current };
            break;
          }
        }
        if (stale) break;
      }
      if (!stale) continue;
      const g = groups.get(p.owner) ?? { stale, pods: [], sa: `${p.view.namespace}/${p.view.serviceAccountName}` };
      g.pods.push(p);
      groups.set(p.owner, g);
    }
    for (const [owner, { stale, pods, sa }] of groups) {
      const fix = restartWorkload(owner.object, `Recreate the pods of ${owner.kind.toLowerCase()}/${owner.name} so that they get the current identity`);
      ctx.report({
        object: owner.object,
        messageId: stale.variable === WI.env.tenantId ? "tenantId" : stale.current === "" ? "clientIdRemoved" : "clientId",
        data: { workload: `${owner.kind} ${owner.namespace}/${owner.name}`, count: pods.length, injected: stale.injected, current: stale.current, sa },
        evidence: { expected: `${stale.variable}=${stale.current || "(none)"}`, actual: `${stale.variable}=${stale.injected}`, pods: pods.map((p) => p.pod.name) },
        fixes: fix ? [fix] : [],
        workload: owner,
        related: podRefs(pods),
      });
    }
  },
});
