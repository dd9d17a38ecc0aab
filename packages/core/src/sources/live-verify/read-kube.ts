import { ApiException, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { UserError } from "../../errors.js";

/** The ServiceAccount as the API server has it; a UserError when it does not exist or may not be read. */
export async function readServiceAccount(kc: KubeConfig, namespace: string, name: string): Promise<Record<string, unknown>> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    const sa = await core.readNamespacedServiceAccount({ name, namespace });
    return { ...(sa as unknown as Record<string, unknown>), apiVersion: "v1", kind: "ServiceAccount" };
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) {
      throw new UserError(`ServiceAccount ${namespace}/${name} not found`, { hint: `kubectl get serviceaccounts -n ${namespace} lists the ones there are` });
    }
    if (err instanceof ApiException && err.code === 403) {
      throw new UserError(`you may not read ServiceAccount ${namespace}/${name}`, { hint: `kubectl auth can-i get serviceaccounts -n ${namespace}` });
    }
    if (err instanceof ApiException) throw new UserError(`the API server answered ${err.code} reading ServiceAccount ${namespace}/${name}`, { hint: "kubectl get serviceaccount shows the same" });
    const e = err as { code?: string; message?: string };
    throw new UserError(`cannot reach the API server at ${kc.getCurrentCluster()?.server ?? "(none)"}: ${e.code ?? (e.message ?? String(err)).split("\n")[0]}`, {
      hint: "check the kubeconfig and context (kubectl cluster-info)",
    });
  }
}

/** Where the webhook keeps its default tenant: AKS add-on, then Helm install. */
const WEBHOOK_CONFIG_NAMESPACES = ["kube-system", "azure-workload-identity-system"];

/** The webhook's ConfigMap azure-wi-webhook-config, when it exists and may be read. */
export async function readWebhookConfig(kc: KubeConfig): Promise<Record<string, unknown> | undefined> {
  const core = kc.makeApiClient(CoreV1Api);
  for (const namespace of WEBHOOK_CONFIG_NAMESPACES) {
    try {
      const cm = await core.readNamespacedConfigMap({ name: "azure-wi-webhook-config", namespace });
      return { ...(cm as unknown as Record<string, unknown>), apiVersion: "v1", kind: "ConfigMap" };
    } catch {
      // not there, or not readable: the tenant then comes from the identity
    }
  }
  return undefined;
}
