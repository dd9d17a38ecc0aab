import { describe, expect, it } from "vitest";
import { saMissing } from "../../src/checks/sa-missing.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";
import { deploymentYaml, liveSnapshot } from "../helpers/live.js";

const sa = (name: string, ns = "prod") => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${ns}
`;

const deployment = (name: string, sa: string, label = '"true"') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: prod
spec:
  template:
    metadata:
      labels:
        azure.workload.identity/use: ${label}
    spec:
      serviceAccountName: ${sa}
      containers:
        - name: app
          image: app
`;

describe("sa-missing", () => {
  it("flags a named ServiceAccount absent from the manifests, at serviceAccountName", () => {
    const f = findings(saMissing, { manifests: { "deploy.yaml": deployment("web", "web-identity") } });
    expect(f.map(where)).toEqual(["sa-missing Deployment prod/web @ deploy.yaml:12:27"]);
    expect(f[0]!.evidence).toMatchObject({ expected: "ServiceAccount prod/web-identity", actual: "not found in the scanned manifests" });
    expect(f[0]!.fixes[0]!.snippet!.text).toContain("name: web-identity");
  });

  it("reports a ServiceAccount once, with the other workloads that name it as related", () => {
    const f = findings(saMissing, {
      manifests: { "a.yaml": deployment("web", "shared"), "b.yaml": deployment("api", "shared"), "c.yaml": deployment("jobs", "other") },
    });
    expect(f.map(where)).toEqual(["sa-missing Deployment prod/web @ a.yaml:12:27", "sa-missing Deployment prod/jobs @ c.yaml:12:27"]);
    expect(f[0]!.related).toMatchObject([{ kind: "Deployment", name: "api", file: "b.yaml" }]);
    expect(f[1]!.related).toBeUndefined();
  });

  it("says where a ServiceAccount of that name exists, and suggests a near name in the namespace", () => {
    const f = findings(saMissing, {
      manifests: { "sa.yaml": `${sa("web-identity", "staging")}---\n${sa("web-identiy")}`, "deploy.yaml": deployment("web", "web-identity") },
    });
    expect(f.map(where)).toEqual(["sa-missing Deployment prod/web @ deploy.yaml:12:27"]);
    expect(f[0]!.evidence).toMatchObject({ foundInNamespaces: ["staging"], similarNames: ["web-identiy"] });
    const rename = f[0]!.fixes[1]!;
    expect(rename.plans[0]).toMatchObject({ target: "manifest", file: "deploy.yaml", edits: [{ path: ["spec", "template", "spec", "serviceAccountName"], op: "set", value: "web-identiy" }] });
  });

  it("handles CronJobs, List items and the deprecated serviceAccount field", () => {
    const f = findings(saMissing, {
      manifests: {
        "cron.yaml": `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: batch
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            azure.workload.identity/use: "true"
        spec:
          serviceAccount: nightly-sa
          restartPolicy: Never
          containers: [{ name: job, image: job }]
`,
        "list.yaml": `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: { name: db, namespace: prod }
    spec:
      template:
        metadata:
          annotations:
            azure.workload.identity/skip-containers: init
        spec:
          serviceAccountName: db-sa
          containers: [{ name: db, image: db }]
`,
      },
    });
    expect(f.map(where)).toEqual(["sa-missing CronJob batch/nightly @ cron.yaml:15:27", "sa-missing StatefulSet prod/db @ list.yaml:13:31"]);
  });

  it("passes existing ServiceAccounts, the default one, and workloads that do not use workload identity", () => {
    expect(findings(saMissing, { manifests: { "sa.yaml": sa("web-identity"), "deploy.yaml": deployment("web", "web-identity") } })).toEqual([]);
    expect(findings(saMissing, { manifests: { "deploy.yaml": deployment("web", "default") } })).toEqual([]);
    expect(
      findings(saMissing, {
        manifests: { "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: prod\nspec:\n  serviceAccountName: metrics\n  containers: [{ name: c, image: c }]\n" },
      }),
    ).toEqual([]);
    // a ServiceAccount with the same name in another namespace does not count
    expect(findings(saMissing, { manifests: { "sa.yaml": sa("web-identity", "staging"), "deploy.yaml": deployment("web", "web-identity") } })).toHaveLength(1);
  });
});

testCheck(saMissing, {
  valid: [{ name: "the ServiceAccount exists", manifests: { "sa.yaml": sa("web-identity"), "d.yaml": deployment("web", "web-identity") } }],
  invalid: [
    {
      name: "a misspelled ServiceAccount name beside an existing one: the existing name written",
      manifests: { "sa.yaml": sa("web-identity"), "d.yaml": deployment("web", "web-identty") },
      findings: [{ messageId: "missing", object: "Deployment prod/web", at: "d.yaml:12:27-12:38" }],
      output: { "d.yaml": deployment("web", "web-identity") },
    },
    {
      name: "no ServiceAccount near that name: only the suggestion to create it",
      manifests: { "d.yaml": deployment("web", "web-identity") },
      findings: [{ messageId: "missing", object: "Deployment prod/web", at: "d.yaml:12:27-12:39" }],
      output: null,
    },
  ],
});

describe("sa-missing with a live cluster", () => {
  it("reports only where the namespace's ServiceAccounts could be listed", () => {
    const objects = [deploymentYaml({ ns: "shop", name: "orders", sa: "orders", labels: { "azure.workload.identity/use": "true" } }), deploymentYaml({ ns: "billing", name: "ledger", sa: "ledger", labels: { "azure.workload.identity/use": "true" } })];
    const unread = [{ resource: "serviceaccounts", namespace: "billing", gap: { code: "forbidden" as const, resource: "serviceaccounts", namespace: "billing" } }];
    const f = findings(saMissing, liveSnapshot({ objects, unread }));
    expect(f.map((x) => [x.checkId, x.messageId, `${x.object.namespace}/${x.object.name}`])).toEqual([["sa-missing", "missing", "shop/orders"]]);
    expect(findings(saMissing, liveSnapshot({ objects: [objects[1]!], unread }))).toEqual([]);
  });
});
