import { describe, expect, it } from "vitest";
import { csiDriverTokenRequestsMissing } from "../../src/checks/csi-driver-token-requests-missing.js";
import { findings, liveSnapshot, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";
import { deployment, serviceAccount, spc, TENANT } from "../azure/fixtures.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";

/** `helm template csi-secrets-store secrets-store-csi-driver/secrets-store-csi-driver --version 1.6.0` with its default `tokenRequests: []`. */
const upstreamChart = `---
# Source: secrets-store-csi-driver/templates/csidriver.yaml
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: secrets-store.csi.k8s.io
  labels:
    app.kubernetes.io/instance: "csi-secrets-store"
    app.kubernetes.io/managed-by: "Helm"
    app.kubernetes.io/name: "secrets-store-csi-driver"
    app.kubernetes.io/version: "1.6.0"
    app: secrets-store-csi-driver
    helm.sh/chart: "secrets-store-csi-driver-1.6.0"
spec:
  podInfoOnMount: true
  attachRequired: false
  # Added in Kubernetes 1.16 with default mode of Persistent. Secrets store csi driver needs Ephermeral to be set.
  volumeLifecycleModes:
  - Ephemeral
  requiresRepublish: false
`;

/** The same template as the Azure provider's chart (1.8.2) renders it, with the tokenRequests it sets. */
const providerChart = upstreamChart
  .replace('"csi-secrets-store"', '"csi-secrets-store-provider-azure"')
  .replaceAll("1.6.0", "1.5.6")
  .replace("  requiresRepublish: false\n", "  requiresRepublish: false\n  tokenRequests:\n  - audience: api://AzureADTokenExchange\n  - audience: api://AKSIdentityBinding\n");

/** deploy/csi-blob-driver.yaml of kubernetes-sigs/blob-csi-driver, without its tokenRequests (a copy from before v1.24). */
const blobDriver = `---
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: blob.csi.azure.com
spec:
  attachRequired: false
  podInfoOnMount: true
  fsGroupPolicy: ReadWriteOnceWithFSType
  volumeLifecycleModes:
    - Persistent
    - Ephemeral
`;

const app = (extra: Record<string, string> = {}) => ({
  "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod", spcs: ["app-secrets"] }),
  "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT }),
  ...extra,
});

describe("csi-driver-token-requests-missing", () => {
  it("flags the Secrets Store CSI driver installed by its own chart, which requests no token, when a class uses workload identity", () => {
    const f = findings(csiDriverTokenRequestsMissing, { manifests: app({ "driver.yaml": upstreamChart }) });
    expect(f.map((x) => [where(x), x.messageId])).toEqual([["csi-driver-token-requests-missing CSIDriver secrets-store.csi.k8s.io @ driver.yaml:15:3", "missing"]]);
    expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web" });
    expect(f[0]!.evidence).toMatchObject({ expected: { audience: "api://AzureADTokenExchange" }, actual: [], usedBy: ["Deployment prod/web (SecretProviderClass app-secrets)"] });
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "manifest", file: "driver.yaml", edits: [{ op: "set", path: ["spec", "tokenRequests"], value: [{ audience: "api://AzureADTokenExchange" }] }] });
  });

  it("passes the driver of the Azure provider's chart, and drivers that no workload uses with workload identity", () => {
    expect(findings(csiDriverTokenRequestsMissing, { manifests: app({ "driver.yaml": providerChart }) })).toEqual([]);
    const vm = app({ "driver.yaml": upstreamChart, "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT, extra: { useVMManagedIdentity: "true" } }) });
    expect(findings(csiDriverTokenRequestsMissing, { manifests: vm })).toEqual([]);
    expect(findings(csiDriverTokenRequestsMissing, { manifests: { "driver.yaml": upstreamChart } })).toEqual([]);
    // the AKS add-on's driver is not among the manifests: nothing to judge
    expect(findings(csiDriverTokenRequestsMissing, { manifests: app() })).toEqual([]);
  });

  it("asks an AKS identity binding class for its own audience", () => {
    const binding = app({ "driver.yaml": upstreamChart.replace("  requiresRepublish: false\n", "  requiresRepublish: false\n  tokenRequests:\n  - audience: api://AzureADTokenExchange\n"), "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT, extra: { useAzureTokenProxy: "true" } }) });
    const f = findings(csiDriverTokenRequestsMissing, { manifests: binding });
    expect(f.map((x) => [where(x), x.evidence["expected"]])).toEqual([["csi-driver-token-requests-missing CSIDriver secrets-store.csi.k8s.io @ driver.yaml:22:3", { audience: "api://AKSIdentityBinding" }]]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ value: [{ audience: "api://AzureADTokenExchange" }, { audience: "api://AKSIdentityBinding" }] }] });
  });

  it("follows an Azure Blob volume with a clientID through its claim to the PersistentVolume, or to the StorageClass", () => {
    const pvc = (spec: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: prod\nspec:\n  accessModes:\n  - ReadWriteMany\n${spec}  resources:\n    requests:\n      storage: 10Gi\n`;
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: reader
  namespace: prod
spec:
  serviceAccountName: app
  containers:
  - name: reader
    image: contoso.azurecr.io/reader:1.0
    volumeMounts:
    - name: data
      mountPath: /mnt/data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
`;
    const pv = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-blob-data
spec:
  capacity:
    storage: 10Gi
  accessModes:
  - ReadWriteMany
  persistentVolumeReclaimPolicy: Retain
  storageClassName: azureblob-fuse-premium
  csi:
    driver: blob.csi.azure.com
    volumeHandle: stcontosodata_data
    volumeAttributes:
      storageaccount: stcontosodata
      containerName: data
      clientID: ${CLIENT}
      resourcegroup: rg-data
`;
    const sc = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: blob-fuse-wi
provisioner: blob.csi.azure.com
parameters:
  storageaccount: stcontosodata
  clientID: ${CLIENT}
  mountWithWorkloadIdentityToken: "true"
reclaimPolicy: Delete
volumeBindingMode: Immediate
`;
    const staticPv = findings(csiDriverTokenRequestsMissing, { manifests: { "driver.yaml": blobDriver, "pod.yaml": pod, "pvc.yaml": pvc("  volumeName: pv-blob-data\n  storageClassName: azureblob-fuse-premium\n"), "pv.yaml": pv } });
    expect(staticPv.map((x) => [where(x), x.evidence["usedBy"]])).toEqual([["csi-driver-token-requests-missing CSIDriver blob.csi.azure.com @ driver.yaml:7:3", ["Pod prod/reader (PersistentVolume pv-blob-data)"]]]);
    const dynamic = findings(csiDriverTokenRequestsMissing, { manifests: { "driver.yaml": blobDriver, "pod.yaml": pod, "pvc.yaml": pvc("  storageClassName: blob-fuse-wi\n"), "sc.yaml": sc } });
    expect(dynamic.map((x) => x.evidence["usedBy"])).toEqual([["Pod prod/reader (StorageClass blob-fuse-wi)"]]);
    // without a clientID the driver mounts with an account key, and needs no token
    expect(findings(csiDriverTokenRequestsMissing, { manifests: { "driver.yaml": blobDriver, "pod.yaml": pod, "pvc.yaml": pvc("  storageClassName: blob-fuse-wi\n"), "sc.yaml": sc.replace(`  clientID: ${CLIENT}\n`, "") } })).toEqual([]);
  });

  it("judges the driver a live cluster has", () => {
    const f = findings(csiDriverTokenRequestsMissing, liveSnapshot(app({ "driver.yaml": upstreamChart })));
    expect(f.map(where)).toEqual(["csi-driver-token-requests-missing CSIDriver secrets-store.csi.k8s.io"]);
    expect(f[0]!.fixes[0]!.plans).toEqual([{ target: "cluster", steps: [expect.objectContaining({ op: "patch", patch: { spec: { tokenRequests: [{ audience: "api://AzureADTokenExchange" }] } } })] }]);
  });
});

{
  const bad = csiDriverTokenRequestsMissing.meta.examples!.bad.manifests;
  testCheck(csiDriverTokenRequestsMissing, {
    valid: [{ name: "the docs example that passes", manifests: { "manifests.yaml": csiDriverTokenRequestsMissing.meta.examples!.good.manifests } }],
    invalid: [
      {
        name: "the docs example: the Secrets Store driver without tokenRequests; the fix adds the audience",
        manifests: { "manifests.yaml": bad },
        findings: [{ messageId: "missing", object: "CSIDriver secrets-store.csi.k8s.io", at: "manifests.yaml:63:3-66:16" }],
        output: { "manifests.yaml": `${bad}  tokenRequests:\n    - audience: api://AzureADTokenExchange\n` },
      },
    ],
  });
}
