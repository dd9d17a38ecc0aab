import { describe, expect, it } from "vitest";
import { saAnnotationTypo } from "../../src/checks/sa-annotation-typo.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const GUID = "11111111-2222-3333-4444-555555555555";
const sa = (annotations: string) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
${annotations}`;

describe("sa-annotation-typo", () => {
  it.each([
    ["azure.workload.identity/client_id", "azure.workload.identity/client-id"],
    ["azure.workload.identity/clientId", "azure.workload.identity/client-id"],
    ["azure.workload.identity/client-ID", "azure.workload.identity/client-id"],
    ["azure.workload.identity/clientid", "azure.workload.identity/client-id"],
    ["azure.workload.identity.io/client-id", "azure.workload.identity/client-id"],
    ["azure-workload-identity/client-id", "azure.workload.identity/client-id"],
    ["workload.identity.azure.com/client-id", "azure.workload.identity/client-id"],
    ["azure.workload.identity/tenantId", "azure.workload.identity/tenant-id"],
    ["azure.workload.identity/service-account-token-expiry", "azure.workload.identity/service-account-token-expiration"],
    ["azure.workload.identity/serviceAccountTokenExpiration", "azure.workload.identity/service-account-token-expiration"],
  ])("flags %s on a ServiceAccount, at the key, and renames it", (key, canonical) => {
    const f = findings(saAnnotationTypo, { manifests: { "sa.yaml": sa(`    ${key}: "${GUID}"\n`) } });
    expect(f.map(where)).toEqual(["sa-annotation-typo ServiceAccount prod/app @ sa.yaml:7:5"]);
    expect(f[0]!.evidence).toMatchObject({ expected: canonical, actual: key });
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "manifest", edits: [{ op: "rename-key", path: ["metadata", "annotations", key], newKey: canonical }] });
    expect(f[0]!.fixes[0]!.plans[1]).toMatchObject({ target: "cluster", steps: [{ op: "patch", patch: { metadata: { annotations: { [key]: null, [canonical]: GUID } } } }] });
  });

  it("flags misspelled pod annotations on the pod template of a CronJob, and links the workload", () => {
    const f = findings(saAnnotationTypo, {
      manifests: {
        "cron.yaml": `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: batch }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            azure.workload.identity/skip_containers: "istio-proxy"
            azure.workload.identity/injectProxySidecar: "true"
        spec:
          containers: [{ name: job, image: job }]
`,
      },
    });
    expect(f.map(where)).toEqual(["sa-annotation-typo CronJob batch/nightly @ cron.yaml:11:13", "sa-annotation-typo CronJob batch/nightly @ cron.yaml:12:13"]);
    expect(f.map((x) => x.evidence["expected"])).toEqual(["azure.workload.identity/skip-containers", "azure.workload.identity/inject-proxy-sidecar"]);
    expect(f[0]!.workload).toMatchObject({ kind: "CronJob", name: "nightly" });
  });

  it("warns about a misspelled key beside the correct one and proposes deleting it", () => {
    const f = findings(saAnnotationTypo, {
      manifests: { "sa.yaml": sa(`    azure.workload.identity/client-id: ${GUID}\n    azure.workload.identity/client_id: ${GUID}\n`) },
    });
    expect(f.map(where)).toEqual(["sa-annotation-typo ServiceAccount prod/app @ sa.yaml:8:5"]);
    expect(f[0]!.severity).toBe("warning");
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ op: "delete", path: ["metadata", "annotations", "azure.workload.identity/client_id"] }] });
  });

  it("finds typos inside List items and keeps the List path in the fix", () => {
    const f = findings(saAnnotationTypo, {
      manifests: {
        "list.yaml": `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: app
      namespace: prod
      annotations:
        azure.workload.identity/clientID: ${GUID}
`,
      },
    });
    expect(f.map(where)).toEqual(["sa-annotation-typo ServiceAccount prod/app @ list.yaml:10:9"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["items", 0, "metadata", "annotations", "azure.workload.identity/clientID"] }] });
  });

  it("passes exact keys, unrelated keys, and keys that belong to another object", () => {
    expect(
      findings(saAnnotationTypo, {
        manifests: {
          "sa.yaml": sa(
            [
              `    azure.workload.identity/client-id: ${GUID}`,
              `    azure.workload.identity/tenant-id: ${GUID}`,
              `    azure.workload.identity/service-account-token-expiration: "3600"`,
              `    eks.amazonaws.com/role-arn: arn:aws:iam::1:role/x`,
              `    iam.gke.io/gcp-service-account: x@y.iam.gserviceaccount.com`,
              `    kubernetes.io/enforce-mountable-secrets: "true"`,
              // a pod annotation on a ServiceAccount is sa-annotation-on-wrong-object's finding
              `    azure.workload.identity/skip_containers: sidecar`,
              "",
            ].join("\n"),
          ),
          "pod.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: prod
  annotations:
    azure.workload.identity/inject-proxy-sidecar: "true"
    azure.workload.identity/proxy-sidecar-port: "8000"
    azure.workload.identity/client_id: ${GUID}
    azure-workload-identity.io/system: "true"
    prometheus.io/port: "8080"
spec:
  containers: [{ name: c, image: c }]
`,
        },
      }),
    ).toEqual([]);
  });
});

testCheck(saAnnotationTypo, {
  valid: [{ name: "exact keys", manifests: { "sa.yaml": sa(`    azure.workload.identity/client-id: "${GUID}"\n`) } }],
  invalid: [
    {
      name: "a misspelled client-id: renamed in place, its value, quotes and comments kept",
      manifests: { "sa.yaml": sa(`    # from the identity team\n    azure.workload.identity/client_id: "${GUID}"   # id-app\n`) },
      findings: [{ messageId: "typo", object: "ServiceAccount prod/app", at: "sa.yaml:8:5-8:38" }],
      output: sa(`    # from the identity team\n    azure.workload.identity/client-id: "${GUID}"   # id-app\n`),
    },
    {
      name: "misspelled pod annotations in a flow map: each renamed where it stands",
      manifests: {
        "pod.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: job
  namespace: batch
  annotations: { azure.workload.identity/skip_containers: "istio-proxy", azure.workload.identity/injectProxySidecar: "true" }
spec:
  containers: [{ name: job, image: job }]
`,
      },
      findings: [
        { messageId: "typo", object: "Pod batch/job", at: "pod.yaml:6:18-6:57" },
        { messageId: "typo", object: "Pod batch/job", at: "pod.yaml:6:74-6:116" },
      ],
      output: {
        "pod.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: job
  namespace: batch
  annotations: { azure.workload.identity/skip-containers: "istio-proxy", azure.workload.identity/inject-proxy-sidecar: "true" }
spec:
  containers: [{ name: job, image: job }]
`,
      },
    },
    {
      name: "a misspelled key beside the exact one: the misspelled one deleted, with its line",
      manifests: { "sa.yaml": sa(`    azure.workload.identity/client-id: "${GUID}"\n    azure.workload.identity/clientId: "${GUID}"\n    team: payments\n`) },
      findings: [{ messageId: "shadowed", object: "ServiceAccount prod/app", at: "sa.yaml:8:5-8:37", severity: "warning" }],
      output: sa(`    azure.workload.identity/client-id: "${GUID}"\n    team: payments\n`),
    },
  ],
});
