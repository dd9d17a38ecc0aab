import type { Form } from "../scenario.js";
import { AzureWorld, guid, identity, scopes } from "../world.js";
import { webhookConfig } from "./platform.js";

const id = identity("id-invoice-api");
const FILE = "billing/kubectl-get-sa-deploy.json";
const SA = "billing/invoice-api";

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

interface Live {
  clientId: string;
  labelled: boolean;
}

/**
 * `kubectl get serviceaccount,deployment -n billing -o json`: live objects as the API server
 * returns them (defaults filled in, status, the last-applied annotation that repeats the
 * manifest as a string), with kubectl's sorted keys and four-space indent.
 */
function kubectlGet(live: Live): string {
  const saManifest = { apiVersion: "v1", kind: "ServiceAccount", metadata: { annotations: { "azure.workload.identity/client-id": live.clientId }, name: "invoice-api", namespace: "billing" } };
  const podLabels: Record<string, string> = { app: "invoice-api", ...(live.labelled ? { "azure.workload.identity/use": "true" } : {}) };
  const container = { image: "contoso.azurecr.io/retail/invoice-api:5.2.0", name: "api", ports: [{ containerPort: 8080 }] };
  const deployManifest = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "invoice-api", namespace: "billing" },
    spec: { replicas: 2, selector: { matchLabels: { app: "invoice-api" } }, template: { metadata: { labels: podLabels }, spec: { containers: [container], serviceAccountName: "invoice-api" } } },
  };
  const lastApplied = (o: unknown) => `${JSON.stringify(sortKeys(o))}\n`;
  const list = {
    apiVersion: "v1",
    items: [
      {
        ...saManifest,
        metadata: {
          ...saManifest.metadata,
          annotations: { ...saManifest.metadata.annotations, "kubectl.kubernetes.io/last-applied-configuration": lastApplied(saManifest) },
          creationTimestamp: "2026-02-11T08:14:53Z",
          resourceVersion: "48211937",
          uid: guid("uid:sa/invoice-api"),
        },
      },
      {
        ...deployManifest,
        metadata: {
          ...deployManifest.metadata,
          annotations: { "deployment.kubernetes.io/revision": "7", "kubectl.kubernetes.io/last-applied-configuration": lastApplied(deployManifest) },
          creationTimestamp: "2026-02-11T08:14:53Z",
          generation: 9,
          resourceVersion: "51877302",
          uid: guid("uid:deploy/invoice-api"),
        },
        spec: {
          progressDeadlineSeconds: 600,
          replicas: 2,
          revisionHistoryLimit: 10,
          selector: { matchLabels: { app: "invoice-api" } },
          strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" }, type: "RollingUpdate" },
          template: {
            metadata: { creationTimestamp: null, labels: podLabels },
            spec: {
              containers: [
                {
                  ...container,
                  imagePullPolicy: "IfNotPresent",
                  ports: [{ containerPort: 8080, protocol: "TCP" }],
                  resources: {},
                  terminationMessagePath: "/dev/termination-log",
                  terminationMessagePolicy: "File",
                },
              ],
              dnsPolicy: "ClusterFirst",
              restartPolicy: "Always",
              schedulerName: "default-scheduler",
              securityContext: {},
              serviceAccount: "invoice-api",
              serviceAccountName: "invoice-api",
              terminationGracePeriodSeconds: 30,
            },
          },
        },
        status: {
          availableReplicas: 2,
          conditions: [
            { lastTransitionTime: "2026-02-11T08:15:20Z", lastUpdateTime: "2026-02-11T08:15:20Z", message: "Deployment has minimum availability.", reason: "MinimumReplicasAvailable", status: "True", type: "Available" },
          ],
          observedGeneration: 9,
          readyReplicas: 2,
          replicas: 2,
          updatedReplicas: 2,
        },
      },
    ],
    kind: "List",
    metadata: { resourceVersion: "" },
  };
  return `${JSON.stringify(sortKeys(list), null, 4)}\n`;
}

export const kubectlJsonForm: Form = {
  title: "kubectl get -o json: live objects in a List, with the last-applied annotation",
  manifests: () => ({ [FILE]: kubectlGet({ clientId: id.clientId, labelled: true }), "platform/azure-wi-webhook-config.yaml": webhookConfig() }),
  azure() {
    const w = new AzureWorld();
    w.identities.push(id);
    w.fic(id, { subject: "system:serviceaccount:billing:invoice-api" });
    w.grant(id, "Azure Service Bus Data Receiver", scopes.serviceBus("sb-retail-prod"));
    return w;
  },
  scenarios: [
    {
      about: ["sa-client-id-is-principal-id"],
      mistake: "the live ServiceAccount carries the principal id",
      manifests: (f) => {
        f[FILE] = kubectlGet({ clientId: id.principalId, labelled: true });
      },
      expected: (at) => [at.m("sa-client-id-is-principal-id", "ServiceAccount", SA, FILE, '"azure.workload.identity/client-id": "')],
    },
    {
      about: ["pod-label-missing"],
      mistake: "the live Deployment's pod template has no use label",
      manifests: (f) => {
        f[FILE] = kubectlGet({ clientId: id.clientId, labelled: false });
      },
      expected: (at) => [at.m("pod-label-missing", "Deployment", SA, FILE, '"labels": {', '"template": {')],
    },
  ],
};
