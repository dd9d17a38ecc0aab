import type { KubeObj, ObjectStore } from "../store.js";
import { errors } from "../status.js";
import { randomSuffix } from "../names.js";

const POD = { group: "", plural: "pods" };

/**
 * The ServiceAccount admission plugin: defaults `serviceAccountName`, rejects a pod whose
 * ServiceAccount does not exist, and mounts the kube-api-access projected volume.
 */
export function admitServiceAccount(store: ObjectStore, pod: KubeObj, namespace: string): void {
  const spec = pod.spec;
  spec.serviceAccountName ||= "default";
  const saName: string = spec.serviceAccountName;
  const sa = store.get("/serviceaccounts", namespace, saName);
  if (!sa) {
    throw errors.forbiddenByAdmission(
      POD,
      pod.metadata?.name || pod.metadata?.generateName || "",
      `error looking up service account ${namespace}/${saName}: serviceaccount "${saName}" not found`,
    );
  }
  const automount = spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
  if (!automount) return;
  const mountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
  const already = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].some((c: KubeObj) =>
    (c.volumeMounts ?? []).some((m: KubeObj) => m.mountPath === mountPath),
  );
  if (already) return;
  const name = `kube-api-access-${randomSuffix()}`;
  (spec.volumes ??= []).push({
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
      defaultMode: 420,
    },
  });
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as KubeObj[]) {
    (c.volumeMounts ??= []).push({ name, readOnly: true, mountPath });
  }
}
