import { kubeRef } from "../engine/refs.js";
import { addTo } from "../util/multimap.js";
import { setField } from "../fixes/builders/index.js";
import { asArray, asRecord, asString, getIn } from "../util/raw.js";
import { azureCsiUses, type AzureCsiUse } from "./shared/azure-csi-volumes.js";
import { defineCheck } from "./types.js";
import { example, secretProviderClass, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";

/** The standard Deployment, reading Key Vault secrets through the Secrets Store CSI driver. */
const CSI_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
          volumeMounts:
            - name: secrets
              mountPath: /mnt/secrets
              readOnly: true
      volumes:
        - name: secrets
          csi:
            driver: secrets-store.csi.k8s.io
            readOnly: true
            volumeAttributes:
              secretProviderClass: app-secrets
`;

/** The driver's CSIDriver as the Secrets Store chart renders it by default: no tokenRequests. */
const DRIVER = `apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: secrets-store.csi.k8s.io
spec:
  podInfoOnMount: true
  attachRequired: false
  volumeLifecycleModes:
    - Ephemeral
`;

const TOKEN_REQUESTS = ["spec", "tokenRequests"];

export const csiDriverTokenRequestsMissing = defineCheck({
  meta: {
    id: "csi-driver-token-requests-missing",
    severity: "error",
    data: ["M", "K"],
    title: "The CSI driver receives no token for Azure",
    condition: "a CSIDriver the workload uses for Azure access has no `tokenRequests` entry with audience `api://AzureADTokenExchange`",
    symptom: "mount fails: no token / AADSTS70021",
    description: `A CSI driver that signs in to Azure as the pod (workload identity) does not read the pod's
projected token: the kubelet hands it the pod's service account tokens in the mount request, one per
audience listed in the CSIDriver object's \`spec.tokenRequests\`. Without an entry for
\`api://AzureADTokenExchange\` the driver gets no token to exchange, and every mount that authenticates
with workload identity fails: the Azure Key Vault provider of the Secrets Store CSI driver reports
\`failed to parse workload identity tokens, error: service account tokens not found\`, and the pod stays in
\`ContainerCreating\` with \`FailedMount\` events.

The check looks at the drivers the loaded workloads use with workload identity: \`secrets-store.csi.k8s.io\`
for a SecretProviderClass of the Azure provider with a \`clientID\` (an AKS identity binding, with
\`useAzureTokenProxy\`, needs \`api://AKSIdentityBinding\` instead), and \`blob.csi.azure.com\` or
\`file.csi.azure.com\` for volumes with a \`clientID\` (inline, through a claim's PersistentVolume or
StorageClass). It judges a driver only when its CSIDriver object is among the objects: the AKS add-ons
manage theirs with the right audiences; the upstream Helm chart of the Secrets Store CSI driver requests
no token unless \`tokenRequests\` is set (the Azure provider's chart sets it for its bundled driver).

Fix: add the audience to the CSIDriver (Helm: \`--set tokenRequests[0].audience=api://AzureADTokenExchange\`
for the secrets-store-csi-driver chart), then restart the pods whose mounts failed.`,
    messages: {
      missing:
        "CSIDriver {driver} requests no service account token for audience {audience}, so it cannot sign in to Azure for {workload} ({via}): the mount fails",
    },
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(yamlDocuments(SERVICE_ACCOUNT, CSI_DEPLOYMENT, secretProviderClass(), DRIVER)),
      good: example(yamlDocuments(SERVICE_ACCOUNT, CSI_DEPLOYMENT, secretProviderClass(), `${DRIVER}  tokenRequests:\n    - audience: api://AzureADTokenExchange\n`)),
    },
  },
  detect(ctx) {
    const byDriver = new Map<string, AzureCsiUse[]>();
    for (const use of azureCsiUses(ctx.index)) {
      addTo(byDriver, `${use.driver}\u0000${use.audience}`, use);
    }
    for (const uses of byDriver.values()) {
      const { driver, audience } = uses[0]!;
      const csiDriver = ctx.index.byKind("CSIDriver").find((d) => d.name === driver);
      if (!csiDriver) continue;
      const requests = asArray(getIn(csiDriver.raw, TOKEN_REQUESTS));
      const audiences = requests.map((r) => asString(asRecord(r)["audience"]) ?? "");
      if (audiences.includes(audience)) continue;
      const first = uses[0]!;
      ctx.report({
        object: csiDriver,
        path: requests.length > 0 ? TOKEN_REQUESTS : ["spec"],
        messageId: "missing",
        data: { driver, audience, workload: `${first.workload.kind} ${first.workload.namespace}/${first.workload.name}`, via: first.via },
        evidence: {
          expected: { audience },
          actual: audiences,
          usedBy: uses.map((u) => `${u.workload.kind} ${u.workload.namespace}/${u.workload.name} (${u.via})`),
        },
        fixes: [setField(csiDriver, TOKEN_REQUESTS, [...requests, { audience }], `Request tokens for ${audience} in CSIDriver ${driver}`)],
        workload: first.workload,
        related: uses.map((u) => kubeRef(u.workload.object, u.path)),
      });
    }
  },
});
