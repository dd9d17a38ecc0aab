import type { KubeObj, ObjectStore } from "../store.js";
import { applyDefaults } from "../defaults.js";
import { errors } from "../status.js";
import { labelSelectorMatcher } from "../selectors.js";
import { admitServiceAccount } from "./service-account.js";
import { mutatePod, WebhookDenial, WEBHOOK_NAME, type WebhookConfig } from "./workload-identity-webhook.js";

export interface AdmissionContext {
  store: ObjectStore;
  /** Minor version of the simulated apiserver (the webhook picks native sidecars from 1.32). */
  serverMinor: number;
}

/**
 * The mutating admission the apiserver runs on pod CREATE, in its order: the ServiceAccount
 * plugin, then the mutating webhooks (only the workload identity webhook is simulated), then
 * defaulting of what the webhooks added.
 */
export function admitPodCreate(ctx: AdmissionContext, pod: KubeObj, namespace: string): void {
  admitServiceAccount(ctx.store, pod, namespace);
  const ns = ctx.store.get("/namespaces", undefined, namespace);
  const configs = ctx.store.list("admissionregistration.k8s.io/mutatingwebhookconfigurations");
  for (const mwc of configs) {
    for (const hook of (mwc.webhooks ?? []) as KubeObj[]) {
      if (hook.name !== WEBHOOK_NAME) continue;
      if (!matchesPodCreate(hook, pod, ns)) continue;
      callWebhook(ctx, hook, pod, namespace);
    }
  }
  applyDefaults(pod);
}

function matchesPodCreate(hook: KubeObj, pod: KubeObj, ns: KubeObj | undefined): boolean {
  const rules: KubeObj[] = hook.rules ?? [];
  const ruleMatch = rules.some(
    (r) =>
      (r.apiGroups ?? []).some((g: string) => g === "" || g === "*") &&
      (r.apiVersions ?? []).some((v: string) => v === "v1" || v === "*") &&
      (r.operations ?? []).some((o: string) => o === "CREATE" || o === "*") &&
      (r.resources ?? []).some((x: string) => x === "pods" || x === "*" || x === "*/*"),
  );
  if (!ruleMatch) return false;
  if (!labelSelectorMatcher(hook.objectSelector)(pod.metadata?.labels)) return false;
  return labelSelectorMatcher(hook.namespaceSelector)(ns?.metadata?.labels);
}

function callWebhook(ctx: AdmissionContext, hook: KubeObj, pod: KubeObj, namespace: string): void {
  const svcRef = hook.clientConfig?.service as KubeObj | undefined;
  const failure = unreachableReason(ctx.store, hook);
  if (failure) {
    if (hook.failurePolicy === "Ignore") return;
    throw errors.internal(`failed calling webhook "${hook.name}": failed to call webhook: ${failure}`);
  }
  const svcNs: string = svcRef?.namespace ?? "";
  const config = webhookConfig(ctx, svcNs);
  const saName: string = pod.spec?.serviceAccountName || "default";
  const sa = ctx.store.get("/serviceaccounts", namespace, saName);
  try {
    if (!sa) throw new WebhookDenial(400, `serviceaccounts "${saName}" not found`);
    mutatePod(pod, structuredClone(sa), config);
  } catch (e) {
    if (e instanceof WebhookDenial) throw errors.webhookDenied(hook.name, e.code, e.message);
    throw e;
  }
}

/** Why the apiserver cannot reach the webhook's service, or undefined when it can. */
function unreachableReason(store: ObjectStore, hook: KubeObj): string | undefined {
  const svcRef = hook.clientConfig?.service as KubeObj | undefined;
  if (!svcRef) return undefined;
  const url = `https://${svcRef.name}.${svcRef.namespace}.svc:${svcRef.port ?? 443}${svcRef.path ?? ""}?timeout=${hook.timeoutSeconds ?? 10}s`;
  const svc = store.get("/services", svcRef.namespace, svcRef.name);
  if (!svc) return `Post "${url}": service "${svcRef.name}" not found`;
  const ep = store.get("/endpoints", svcRef.namespace, svcRef.name);
  const ready = ((ep?.subsets ?? []) as KubeObj[]).some((s) => (s.addresses ?? []).length > 0);
  if (!ready) return `Post "${url}": no endpoints available for service "${svcRef.name}"`;
  return undefined;
}

function webhookConfig(ctx: AdmissionContext, namespace: string): WebhookConfig {
  const cm = ctx.store.get("/configmaps", namespace, "azure-wi-webhook-config");
  const deploy = ctx.store.get("apps/deployments", namespace, "azure-wi-webhook-controller-manager");
  const image: string = deploy?.spec?.template?.spec?.containers?.[0]?.image ?? "";
  const tag = image.includes(":") ? image.slice(image.lastIndexOf(":") + 1) : "v1.6.0";
  const m = tag.match(/^v?(\d+)\.(\d+)/);
  const layout = m && (Number(m[1]) > 1 || Number(m[2]) >= 6) ? "1.6" : m ? "1.5" : "1.6";
  return {
    layout,
    tenantId: cm?.data?.AZURE_TENANT_ID ?? "",
    cloud: cm?.data?.AZURE_ENVIRONMENT,
    imageVersion: tag,
    nativeSidecar: ctx.serverMinor >= 32,
  };
}
