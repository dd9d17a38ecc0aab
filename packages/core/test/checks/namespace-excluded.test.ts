import { describe, expect, it } from "vitest";
import { namespaceExcluded } from "../../src/checks/namespace-excluded.js";
import { findings, liveSnapshot, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";
import { deployment } from "../azure/fixtures.js";
import { ENFORCED_SELECTOR, livePod, namespace, webhookConfiguration } from "../helpers/webhook.js";

const app = (ns: string, labelled = true) => deployment("keda-operator", { sa: "keda-operator", namespace: ns, labelled });
const SELECT_ENABLED = ["    matchLabels:", "      azure-workload-identity: enabled"];

describe("namespace-excluded", () => {
  describe("from manifests alone", () => {
    it("flags a labelled workload in kube-system, which AKS keeps from admission webhooks, at its namespace", () => {
      const f = findings(namespaceExcluded, { manifests: { "keda.yaml": app("kube-system") } });
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["namespace-excluded Deployment kube-system/keda-operator @ keda.yaml:5:14", "enforcer"]]);
      expect(f[0]!.evidence["unmet"]).toEqual(["control-plane notin (true)", "kubernetes.azure.com/managedby notin (aks)"]);
      expect(f[0]!.fixes[0]).toMatchObject({ kind: "suggestion", snippet: { text: "kubectl label mutatingwebhookconfiguration azure-wi-webhook-mutating-webhook-configuration admissions.enforcer/disabled=true" } });
    });

    it("flags a namespace whose Namespace object carries a label of AKS's own namespaces", () => {
      const f = findings(namespaceExcluded, { manifests: { "ns.yaml": namespace("platform", { "kubernetes.azure.com/managedby": "aks" }), "keda.yaml": app("platform") } });
      expect(f.map((x) => [where(x), x.messageId, x.evidence["unmet"]])).toEqual([["namespace-excluded Deployment platform/keda-operator @ keda.yaml:5:14", "enforcer", ["kubernetes.azure.com/managedby notin (aks)"]]]);
    });

    it("passes application namespaces and unlabelled workloads", () => {
      expect(findings(namespaceExcluded, { manifests: { "keda.yaml": app("keda") } })).toEqual([]);
      expect(findings(namespaceExcluded, { manifests: { "ns.yaml": namespace("keda", { "control-plane": "keda" }), "keda.yaml": app("keda") } })).toEqual([]);
      expect(findings(namespaceExcluded, { manifests: { "keda.yaml": app("kube-system", false) } })).toEqual([]);
    });
  });

  describe("with the webhook's configuration among the manifests (helm template)", () => {
    it("adds the enforcer's requirements unless the configuration opts out, and then offers the label fix", () => {
      const f = findings(namespaceExcluded, { manifests: { "wi.yaml": webhookConfiguration(), "keda.yaml": app("kube-system") } });
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["namespace-excluded Deployment kube-system/keda-operator @ keda.yaml:5:14", "enforcer"]]);
      expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "manifest", file: "wi.yaml", edits: [{ op: "set", path: ["metadata", "labels", "admissions.enforcer/disabled"], value: "true" }] });
      const optedOut = webhookConfiguration({ annotations: { "admissions.enforcer/disabled": "true" } });
      expect(findings(namespaceExcluded, { manifests: { "wi.yaml": optedOut, "keda.yaml": app("kube-system") } })).toEqual([]);
    });

    it("evaluates matchLabels against the namespace's labels, and offers to label the namespace", () => {
      const wi = webhookConfiguration({ namespaceSelector: SELECT_ENABLED });
      const f = findings(namespaceExcluded, { manifests: { "wi.yaml": wi, "ns.yaml": namespace("keda"), "keda.yaml": app("keda") } });
      expect(f.map((x) => [where(x), x.messageId, x.evidence["unmet"]])).toEqual([["namespace-excluded Deployment keda/keda-operator @ keda.yaml:5:14", "selector", ["azure-workload-identity=enabled"]]]);
      expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "manifest", file: "ns.yaml", edits: [{ op: "set", path: ["metadata", "labels", "azure-workload-identity"], value: "enabled" }] });
      expect(findings(namespaceExcluded, { manifests: { "wi.yaml": wi, "ns.yaml": namespace("keda", { "azure-workload-identity": "enabled" }), "keda.yaml": app("keda") } })).toEqual([]);
      // a namespace whose labels are not known is not judged against a selector that needs them
      expect(findings(namespaceExcluded, { manifests: { "wi.yaml": wi, "keda.yaml": app("keda") } })).toEqual([]);
    });

    it("evaluates matchExpressions as Kubernetes does: NotIn holds for an absent label; every namespace has kubernetes.io/metadata.name", () => {
      const selector = (...lines: string[]) => webhookConfiguration({ namespaceSelector: ["    matchExpressions:", ...lines] });
      const notIn = selector("    - key: environment", "      operator: NotIn", "      values:", "      - sandbox");
      const cases: [string, Record<string, string>, string[]][] = [
        [notIn, { environment: "sandbox" }, ["environment notin (sandbox)"]],
        [notIn, {}, []],
        [selector("    - key: team", "      operator: Exists"), {}, ["team"]],
        [selector("    - key: team", "      operator: Exists"), { team: "payments" }, []],
        [selector("    - key: wi-opt-out", "      operator: DoesNotExist"), { "wi-opt-out": "" }, ["!wi-opt-out"]],
        [selector("    - key: tier", "      operator: In", "      values:", "      - gold", "      - silver"), { tier: "bronze" }, ["tier in (gold,silver)"]],
        [selector("    - key: tier", "      operator: In", "      values:", "      - gold", "      - silver"), { tier: "silver" }, []],
      ];
      for (const [wi, labels, unmet] of cases) {
        const f = findings(namespaceExcluded, { manifests: { "wi.yaml": wi, "ns.yaml": namespace("keda", labels), "keda.yaml": app("keda") } });
        expect(f.map((x) => x.evidence["unmet"]), JSON.stringify([labels, unmet])).toEqual(unmet.length ? [unmet] : []);
      }
      // by name, without the Namespace object
      const byName = selector("    - key: kubernetes.io/metadata.name", "      operator: NotIn", "      values:", "      - keda");
      expect(findings(namespaceExcluded, { manifests: { "wi.yaml": byName, "keda.yaml": app("keda") } }).map((x) => x.evidence["unmet"])).toEqual([["kubernetes.io/metadata.name notin (keda)"]]);
    });
  });

  describe("with a live cluster", () => {
    it("evaluates the configuration as the cluster serves it, with the enforcer's requirements already in it", () => {
      const live = liveSnapshot({ "wi.yaml": webhookConfiguration({ namespaceSelector: ENFORCED_SELECTOR }), "pod.yaml": livePod("keda-operator-7d9f", "kube-system", false) });
      const f = findings(namespaceExcluded, live);
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["namespace-excluded Pod kube-system/keda-operator-7d9f", "enforcer"]]);
      // a configuration the enforcer left alone selects kube-system
      expect(findings(namespaceExcluded, liveSnapshot({ "wi.yaml": webhookConfiguration(), "pod.yaml": livePod("keda-operator-7d9f", "kube-system", false) }))).toEqual([]);
      // without the webhook, webhook-missing says why nothing is mutated
      expect(findings(namespaceExcluded, liveSnapshot({ "pod.yaml": livePod("keda-operator-7d9f", "kube-system", false) }))).toEqual([]);
    });
  });
});

{
  const bad = namespaceExcluded.meta.examples!.bad.manifests;
  testCheck(namespaceExcluded, {
    valid: [{ name: "the docs example that passes", manifests: { "manifests.yaml": namespaceExcluded.meta.examples!.good.manifests } }],
    invalid: [
      {
        name: "the docs example: a labelled workload in kube-system; the fix opts the webhook out of the AKS admissions enforcer",
        manifests: { "manifests.yaml": bad },
        findings: [{ messageId: "enforcer", object: "Deployment kube-system/keda-operator", at: "manifests.yaml:13:14-13:25" }],
        output: { "manifests.yaml": bad.replace('    azure-workload-identity.io/system: "true"\nwebhooks:', '    azure-workload-identity.io/system: "true"\n    admissions.enforcer/disabled: "true"\nwebhooks:') },
      },
    ],
  });
}
