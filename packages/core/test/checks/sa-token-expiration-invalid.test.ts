import { describe, expect, it } from "vitest";
import { planFor, type Finding } from "@wid/core";
import { saTokenExpirationInvalid } from "../../src/checks/sa-token-expiration-invalid.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const KEY = "azure.workload.identity/service-account-token-expiration";
const sa = (value: string) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    ${KEY}: ${value}
`;
const deployment = (name: string, annotation = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: prod
spec:
  template:
    metadata:
      labels:
        azure.workload.identity/use: "true"
${annotation ? `      annotations:\n        ${KEY}: ${annotation}\n` : ""}    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: app
`;
const fixedTo = (f: Finding) => {
  const edit = planFor(f.fixes[0]!, "manifest")!.edits[0]!;
  return edit.op === "set" ? edit.value : undefined;
};

describe("sa-token-expiration-invalid", () => {
  it.each([
    ['"600"', "outOfRange", "3600"],
    ['"604800"', "outOfRange", "86400"],
    ['"-1"', "outOfRange", "3600"],
    ['"99999999999999999999"', "notInteger", "86400"],
    ['"1h"', "notInteger", "3600"],
    ['"7200s"', "notInteger", "7200"],
    ['" 7200"', "notInteger", "7200"],
    ['"3600.0"', "notInteger", "3600"],
    ["7200", "notString", "7200"],
    ["true", "notString", "3600"],
  ])("flags %s on a ServiceAccount at its value (%s) and proposes %s", (value, message, fixed) => {
    const f = findings(saTokenExpirationInvalid, { manifests: { "sa.yaml": sa(value) } });
    expect(f.map(where)).toEqual(["sa-token-expiration-invalid ServiceAccount prod/app @ sa.yaml:7:63"]);
    expect(f[0]!.message).toContain(message === "outOfRange" ? "outside 3600–86400" : message === "notInteger" ? "not a whole number" : "unquoted");
    expect(fixedTo(f[0]!)).toBe(fixed);
  });

  it("names the labelled workloads that depend on the ServiceAccount's value, not those that override it", () => {
    const f = findings(saTokenExpirationInvalid, {
      manifests: { "sa.yaml": sa('"100"'), "a.yaml": deployment("a"), "b.yaml": deployment("b", '"3600"'), "c.yaml": deployment("c") },
    });
    expect(f.map(where)).toEqual(["sa-token-expiration-invalid ServiceAccount prod/app @ sa.yaml:7:63"]);
    expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "a" });
    expect(f[0]!.related).toMatchObject([{ kind: "Deployment", name: "c" }]);
  });

  it("flags the pod template annotation of Deployments, StatefulSets inside Lists and bare Pods", () => {
    const f = findings(saTokenExpirationInvalid, {
      manifests: {
        "deploy.yaml": deployment("web", '"90000"'),
        "list.yaml": `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: { name: db, namespace: prod }
    spec:
      template:
        metadata:
          annotations: { ${KEY}: "24h" }
        spec:
          containers: [{ name: db, image: db }]
`,
        "pod.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: prod
  annotations:
    ${KEY}: "abc"
spec:
  containers: [{ name: c, image: c }]
`,
      },
    });
    expect(f.map(where)).toEqual([
      "sa-token-expiration-invalid Deployment prod/web @ deploy.yaml:12:67",
      "sa-token-expiration-invalid StatefulSet prod/db @ list.yaml:10:84",
      "sa-token-expiration-invalid Pod prod/p @ pod.yaml:7:63",
    ]);
    expect(f[1]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["items", 0, "spec", "template", "metadata", "annotations", KEY], value: "86400" }] });
  });

  it("passes values in range, the bounds, a sign, empty values and absent annotations", () => {
    for (const v of ['"3600"', '"86400"', '"+7200"', '"43200"', '""', ""]) {
      expect(findings(saTokenExpirationInvalid, { manifests: { "sa.yaml": sa(v), "d.yaml": deployment("d", v === "" ? "" : v) } }), v).toEqual([]);
    }
    expect(findings(saTokenExpirationInvalid, { manifests: { "d.yaml": deployment("d") } })).toEqual([]);
  });
});

testCheck(saTokenExpirationInvalid, {
  valid: [{ name: "an hour", manifests: { "sa.yaml": sa('"3600"') } }],
  invalid: [
    {
      name: "a duration: the seconds it means, quoted as it was",
      manifests: { "sa.yaml": sa('"1h"   # an hour') },
      findings: [{ messageId: "notInteger", object: "ServiceAccount prod/app", at: "sa.yaml:7:63-7:67" }],
      output: sa('"3600"   # an hour'),
    },
    {
      name: "a number: written as a string",
      manifests: { "sa.yaml": sa("7200") },
      findings: [{ messageId: "notString", object: "ServiceAccount prod/app", at: "sa.yaml:7:63-7:67" }],
      output: sa('"7200"'),
    },
    {
      name: "a pod template value out of range: the nearest bound",
      manifests: { "d.yaml": deployment("web", '"600"') },
      findings: [{ messageId: "outOfRange", object: "Deployment prod/web", at: "d.yaml:12:67-12:72" }],
      output: deployment("web", '"3600"'),
    },
  ],
});
