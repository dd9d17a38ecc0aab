import type { JsonObject, PodState, WebhookSpec } from "./types.js";

export const WEBHOOK_LABEL = "azure-workload-identity.io/system";

export function webhookNamespace(spec: Pick<WebhookSpec, "mode">): string {
  return spec.mode === "aks-addon" ? "kube-system" : "azure-workload-identity-system";
}

/**
 * The objects an installed azure-workload-identity webhook leaves in a cluster (deploy/azure-wi-webhook.yaml
 * for Helm; the same names in kube-system for the AKS add-on). The simulated admission reads
 * them: the MutatingWebhookConfiguration decides which pods are mutated, the Service's endpoints
 * whether the webhook answers, the ConfigMap the default tenant, the Deployment's image the layout.
 */
export function webhookObjects(spec: WebhookSpec, tenantId: string): JsonObject[] {
  if (!spec.installed) return [];
  const ns = webhookNamespace(spec);
  const addon = spec.mode === "aks-addon";
  const labels: Record<string, string> = { [WEBHOOK_LABEL]: "true", ...(addon ? { "kubernetes.azure.com/managedby": "aks", "addonmanager.kubernetes.io/mode": "Reconcile" } : {}) };
  const version = spec.version === "1.5" ? "v1.5.1" : "v1.6.0";
  // The AKS admissions enforcer keeps add-on webhooks away from AKS-managed namespaces.
  const namespaceSelector =
    spec.namespaceSelector ??
    (addon
      ? { matchExpressions: [{ key: "control-plane", operator: "DoesNotExist" }, { key: "kubernetes.azure.com/managedby", operator: "NotIn", values: ["aks"] }] }
      : {});
  const objects: JsonObject[] = [];
  if (!addon) {
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: ns,
        labels: {
          [WEBHOOK_LABEL]: "true",
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
        },
      },
    });
  }
  objects.push(
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "azure-wi-webhook-admin", namespace: ns, labels } },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "azure-wi-webhook-config", namespace: ns, labels },
      data: { AZURE_ENVIRONMENT: spec.azureEnvironment ?? "AzurePublicCloud", AZURE_TENANT_ID: spec.tenantId ?? tenantId },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "azure-wi-webhook-webhook-service", namespace: ns, labels },
      spec: { ports: [{ port: 443, targetPort: 9443 }], selector: { [WEBHOOK_LABEL]: "true" }, clusterIP: "10.0.12.34", clusterIPs: ["10.0.12.34"] },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "azure-wi-webhook-controller-manager", namespace: ns, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: { [WEBHOOK_LABEL]: "true" } },
        template: {
          metadata: { labels: { [WEBHOOK_LABEL]: "true" } },
          spec: {
            serviceAccountName: "azure-wi-webhook-admin",
            priorityClassName: "system-cluster-critical",
            nodeSelector: { "kubernetes.io/os": "linux" },
            containers: [
              {
                name: "manager",
                image: `mcr.microsoft.com/oss/azure/workload-identity/webhook:${version}`,
                command: ["/manager"],
                args: ["--log-level=info"],
                env: [{ name: "POD_NAMESPACE", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } } }],
                envFrom: [{ configMapRef: { name: "azure-wi-webhook-config" } }],
                ports: [
                  { containerPort: 9443, name: "webhook-server", protocol: "TCP" },
                  { containerPort: 8095, name: "metrics", protocol: "TCP" },
                  { containerPort: 9440, name: "healthz", protocol: "TCP" },
                ],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "MutatingWebhookConfiguration",
      metadata: { name: "azure-wi-webhook-mutating-webhook-configuration", labels },
      webhooks: [
        {
          admissionReviewVersions: ["v1", "v1beta1"],
          clientConfig: { service: { name: "azure-wi-webhook-webhook-service", namespace: ns, path: "/mutate-v1-pod", port: 443 } },
          failurePolicy: "Fail",
          matchPolicy: "Equivalent",
          name: "mutation.azure-workload-identity.io",
          namespaceSelector,
          objectSelector: { matchLabels: { "azure.workload.identity/use": "true" } },
          reinvocationPolicy: "IfNeeded",
          rules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"], scope: "*" }],
          sideEffects: "None",
          timeoutSeconds: 10,
        },
      ],
    },
  );
  return objects;
}

/**
 * A webhook that is installed but not ready crash-loops: an empty tenant in its ConfigMap makes
 * the real manager exit at start (`AZURE_TENANT_ID is required`), and so does `ready: false`.
 */
export function webhookPodStates(spec: WebhookSpec, tenantId: string): PodState[] {
  if (!spec.installed) return [];
  const tenant = spec.tenantId ?? tenantId;
  if (spec.ready && tenant !== "") return [];
  return [{ namespace: webhookNamespace(spec), podPrefix: "azure-wi-webhook-controller-manager-", state: "CrashLoopBackOff" }];
}

export function webhookLogs(spec: WebhookSpec, tenantId: string): { namespace: string; podPrefix: string; lines: string[] }[] {
  if (!spec.installed) return [];
  const ns = webhookNamespace(spec);
  const tenant = spec.tenantId ?? tenantId;
  if (tenant === "") {
    return [{ namespace: ns, podPrefix: "azure-wi-webhook-controller-manager-", lines: ['{"level":"error","logger":"setup","msg":"unable to create pod mutator","error":"AZURE_TENANT_ID is required"}'] }];
  }
  if (!spec.ready) {
    return [{ namespace: ns, podPrefix: "azure-wi-webhook-controller-manager-", lines: ['{"level":"error","logger":"setup","msg":"problem running manager","error":"failed to wait for caches to sync: timed out waiting for cache to be synced"}'] }];
  }
  return [{ namespace: ns, podPrefix: "azure-wi-webhook-controller-manager-", lines: ['{"level":"info","logger":"setup","msg":"starting manager"}', '{"level":"info","logger":"controller-runtime.webhook","msg":"Serving webhook server","host":"","port":9443}'] }];
}
