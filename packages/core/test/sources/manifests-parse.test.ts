import { describe, expect, it } from "vitest";
import { buildIndex, type InputProblem, type KubeObject, type Snapshot } from "@wid/core";
import { MAX_DEPTH } from "@wid/core/sources/manifests";
import { snapshot } from "../helpers/snapshot.js";

const load = (text: string, file = "m.yaml", defaultNamespace?: string): Snapshot =>
  snapshot({ manifests: { [file]: text }, ...(defaultNamespace ? { defaultNamespace } : {}) });

const names = (s: Snapshot) => s.objects.map((o) => `${o.kind}/${o.namespace ? `${o.namespace}/` : ""}${o.name}`);
const at = (o: KubeObject | undefined, ...path: (string | number)[]) => {
  const l = o!.loc(path);
  return l ? `${l.file}:${l.line}:${l.column}` : undefined;
};
const keyAt = (o: KubeObject | undefined, ...path: (string | number)[]) => {
  const l = o!.loc(path, { key: true });
  return l ? `${l.file}:${l.line}:${l.column}` : undefined;
};
const problems = (s: Snapshot) => s.coverage.problems.map((p: InputProblem) => `${p.severity} ${p.file}:${p.line ?? "?"}:${p.column ?? "?"}`);

const SA = (name: string, ns = "prod") => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${ns}
`;

describe("manifest streams", () => {
  it("reads every document of a stream, with empty documents and comments between", () => {
    const s = load(`---\n# nothing here\n---\n${SA("a")}---\n---\n...\n---\n${SA("b")}\n---\n`);
    expect(names(s)).toEqual(["ServiceAccount/prod/a", "ServiceAccount/prod/b"]);
    expect(s.objects.map((o) => o.origin!.documentIndex)).toEqual([1, 4]);
    expect(s.coverage.problems).toEqual([]);
  });

  it("keeps the Helm `# Source:` comment of each document, including the first", () => {
    const s = load(`# Source: chart/templates/sa-a.yaml
${SA("a")}---
# Source: chart/templates/empty.yaml
---
# Source: chart/templates/sa-b.yaml
${SA("b")}---
${SA("c")}`);
    expect(s.objects.map((o) => o.origin!.helmSource)).toEqual(["chart/templates/sa-a.yaml", "chart/templates/sa-b.yaml", undefined]);
    expect(at(s.objects[1])).toBe("m.yaml:11:1");
  });

  it("reads `kind: List` and typed lists, with positions of the items and of their fields", () => {
    const s = load(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ServiceAccount
  metadata:
    name: a
    namespace: prod
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: prod}
  spec:
    template:
      spec:
        serviceAccountName: a
---
apiVersion: v1
kind: ServiceAccountList
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: b
`);
    expect(names(s)).toEqual(["ServiceAccount/prod/a", "Deployment/prod/web", "ServiceAccount/default/b"]);
    expect(s.objects.map((o) => o.origin!.basePath)).toEqual([["items", 0], ["items", 1], ["items", 0]]);
    expect(at(s.objects[0])).toBe("m.yaml:4:3");
    expect(at(s.objects[0], "metadata", "name")).toBe("m.yaml:7:11");
    expect(at(s.objects[1], "spec", "template", "spec", "serviceAccountName")).toBe("m.yaml:15:29");
    expect(at(s.objects[1], "metadata", "namespace")).toBe("m.yaml:11:36");
    expect(at(s.objects[2], "metadata", "name")).toBe("m.yaml:23:13");
  });

  it("reads JSON files, lists included, with positions of fields and keys", () => {
    const json = JSON.stringify(
      { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "j", namespace: "prod", annotations: { "azure.workload.identity/client-id": "x" } } }] },
      null,
      "\t",
    );
    const s = load(json, "list.json");
    expect(names(s)).toEqual(["ServiceAccount/prod/j"]);
    const lines = json.split("\n");
    const valueLine = lines.findIndex((l) => l.includes('"azure.workload.identity/client-id"')) + 1;
    const line = lines[valueLine - 1]!;
    expect(at(s.objects[0], "metadata", "annotations", "azure.workload.identity/client-id")).toBe(`list.json:${valueLine}:${line.indexOf('"x"') + 1}`);
    expect(keyAt(s.objects[0], "metadata", "annotations", "azure.workload.identity/client-id")).toBe(`list.json:${valueLine}:${line.indexOf('"azure') + 1}`);
  });

  it("reads CRLF line endings (files saved on Windows) with the same positions", () => {
    const s = load(`${SA("a")}---\n${SA("b")}`.replaceAll("\n", "\r\n"));
    expect(names(s)).toEqual(["ServiceAccount/prod/a", "ServiceAccount/prod/b"]);
    expect(at(s.objects[1], "metadata", "namespace")).toBe("m.yaml:11:14");
    expect(s.objects[1]!.name).toBe("b");
  });

  it("reads a single-line JSON object", () => {
    const text = '{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"one","namespace":"ns"}}';
    const s = load(text, "one.json");
    expect(names(s)).toEqual(["ServiceAccount/ns/one"]);
    expect(at(s.objects[0], "metadata", "namespace")).toBe(`one.json:1:${text.indexOf('"ns"') + 1}`);
  });

  it("points at the nearest existing ancestor of a missing field, and at keys on request", () => {
    const s = load(SA("a"));
    // metadata's value (its first key), as annotations do not exist
    expect(at(s.objects[0], "metadata", "annotations", "azure.workload.identity/client-id")).toBe("m.yaml:4:3");
    expect(keyAt(s.objects[0], "metadata", "namespace")).toBe("m.yaml:5:3");
    expect(at(s.objects[0], "metadata", "namespace")).toBe("m.yaml:5:14");
  });

  it("points through an alias at the anchor's definition", () => {
    const s = load(`apiVersion: v1
kind: ServiceAccount
metadata:
  name: a
  annotations: &ann
    azure.workload.identity/client-id: abc
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: b
  labels: {x: y}
`);
    expect(at(s.objects[0], "metadata", "annotations", "azure.workload.identity/client-id")).toBe("m.yaml:6:40");
  });

  it("reads merge keys (<<) as kubectl does", () => {
    const s = load(`apiVersion: v1
kind: ServiceAccount
metadata:
  <<: {namespace: merged}
  name: m
`);
    expect(names(s)).toEqual(["ServiceAccount/merged/m"]);
  });

  it("keeps only the kinds wid reads, and only the webhook's ConfigMap", () => {
    const kinds = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ServiceAccount", "Service", "SecretProviderClass", "AzureIdentity", "AzureIdentityBinding"];
    const docs = kinds.map((k) => `apiVersion: x/v1\nkind: ${k}\nmetadata:\n  name: n-${k.toLowerCase()}\n  namespace: ns\n`);
    docs.push("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n");
    docs.push("apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: azure-wi-webhook-mutating-webhook-configuration\n");
    docs.push("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: azure-wi-webhook-config\n  namespace: kube-system\ndata:\n  AZURE_TENANT_ID: t\n");
    docs.push("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n");
    docs.push("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n");
    docs.push("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\n");
    const s = load(docs.join("---\n"));
    expect(s.objects.map((o) => o.kind)).toEqual([...kinds, "Namespace", "MutatingWebhookConfiguration", "ConfigMap"]);
    expect(s.objects.find((o) => o.kind === "Namespace")!.namespace).toBeUndefined();
    expect(s.objects.find((o) => o.kind === "MutatingWebhookConfiguration")!.namespace).toBeUndefined();
    expect(s.coverage.available.has("webhook-config")).toBe(true);
    expect(s.coverage.problems).toEqual([]);
  });

  it("finds the pod template of every workload kind", () => {
    const pod = (indent: string) =>
      ["metadata:", "  labels:", '    azure.workload.identity/use: "true"', "spec:", "  serviceAccountName: app", "  containers:", "    - name: c", "      image: i"].map((l) => indent + l).join("\n");
    const workloads: [string, string][] = [
      ["Pod", pod("")],
      ["Deployment", `spec:\n  template:\n${pod("    ")}`],
      ["StatefulSet", `spec:\n  template:\n${pod("    ")}`],
      ["DaemonSet", `spec:\n  template:\n${pod("    ")}`],
      ["ReplicaSet", `spec:\n  template:\n${pod("    ")}`],
      ["Job", `spec:\n  template:\n${pod("    ")}`],
      ["CronJob", `spec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n${pod("        ")}`],
    ];
    const docs = workloads.map(([kind, body]) => `apiVersion: x/v1\nkind: ${kind}\n${kind === "Pod" ? `metadata:\n  name: p\n  labels:\n    azure.workload.identity/use: "true"\nspec:\n  serviceAccountName: app\n  containers:\n    - name: c\n      image: i` : `metadata:\n  name: w\n${body}`}\n`);
    const s = load(docs.join("---\n"), "w.yaml", "apps");
    const index = buildIndex(s);
    expect(index.workloads.map((w) => [w.kind, w.namespace, w.serviceAccountName, w.labels["azure.workload.identity/use"], w.containers.map((c) => c.name)])).toEqual(
      workloads.map(([kind]) => [kind, "apps", "app", "true", ["c"]]),
    );
    const cron = index.workloads.find((w) => w.kind === "CronJob")!;
    const path = [...cron.templatePath, "spec", "serviceAccountName"];
    const text = docs.join("---\n").split("\n");
    const line = text.findIndex((l, i) => i > text.indexOf("kind: CronJob") && l.includes("serviceAccountName")) + 1;
    expect(at(cron.object, ...path)).toBe(`w.yaml:${line}:31`);
  });

  it("defaults the namespace of namespaced objects and says so", () => {
    const s = load(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n`, "m.yaml", "team-a");
    expect(s.objects[0]).toMatchObject({ namespace: "team-a", namespaceDefaulted: true });
    expect(load(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n`).objects[0]).toMatchObject({ namespace: "default", namespaceDefaulted: true });
    expect(load(SA("a")).objects[0]).toMatchObject({ namespace: "prod", namespaceDefaulted: false });
  });

  it("an object defined twice: the later definition wins, with a warning at it", () => {
    const s = snapshot({ manifests: { "a.yaml": SA("x"), "b.yaml": `# again\n${SA("x")}` } });
    expect(s.objects.map((o) => o.origin!.file)).toEqual(["b.yaml"]);
    expect(problems(s)).toEqual(["warning b.yaml:2:1"]);
    expect(s.coverage.problems[0]!.message).toContain("a.yaml:1:1");
  });
});

describe("input that is not a readable Kubernetes object", () => {
  it("invalid YAML: an error with the parser's position and message; other documents and files are still read", () => {
    const s = snapshot({
      manifests: {
        "bad.yaml": `${SA("a")}  bad: [\n---\n${SA("b")}`,
        "good.yaml": SA("c"),
      },
    });
    expect(names(s)).toEqual(["ServiceAccount/prod/b", "ServiceAccount/prod/c"]);
    // the unclosed flow sequence is noticed where the next document starts
    expect(problems(s)).toEqual(["error bad.yaml:7:1"]);
    expect(s.coverage.problems[0]!.message).toMatch(/^invalid YAML: /);
  });

  it("tabs as indentation are invalid YAML, reported where they are", () => {
    const s = load("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n\tname: a\n");
    expect(problems(s)).toEqual(["error m.yaml:4:1"]);
  });

  it("a key written twice is an error at its second occurrence; the object is not read", () => {
    const s = load(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n  annotations: {}\n  annotations: {x: y}\n`);
    expect(s.objects).toEqual([]);
    expect(problems(s)).toEqual(["error m.yaml:6:3"]);
  });

  it("a map with many keys is checked for duplicates in linear time", () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `    k${i}: v`).join("\n");
    const s = load(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: big\n  annotations:\n${keys}\n`);
    expect(names(s)).toEqual(["ServiceAccount/default/big"]);
  });

  it("YAML that is not a Kubernetes object is skipped with an info problem", () => {
    const s = load("replicaCount: 1\nimage:\n  repository: nginx\n---\n- a\n---\nplain text\n---\napiVersion: v1\nkind: List\nitems:\n- 1\n", "values.yaml");
    expect(s.objects).toEqual([]);
    expect(problems(s)).toEqual(["info values.yaml:1:1", "info values.yaml:5:1", "info values.yaml:7:1", "info values.yaml:12:3"]);
  });

  it("a List whose items is not a list is a warning, not a crash", () => {
    expect(problems(load("apiVersion: v1\nkind: List\nitems: 5\n"))).toEqual(["warning m.yaml:1:1"]);
    expect(problems(load("apiVersion: v1\nkind: List\nitems: {a: 1}\n"))).toEqual(["warning m.yaml:1:1"]);
  });

  it("an object without a name is a warning; an unrendered Helm template gets a hint", () => {
    const s = load("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Values.name }}\n", "templates/sa.yaml");
    expect(problems(s)).toEqual(["warning templates/sa.yaml:1:1"]);
    expect(s.coverage.problems[0]!.hint).toMatch(/helm template/);
    const broken = load("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Values.name }}\n  labels:\n    {{- include \"x\" . | nindent 4 }}\n");
    expect(broken.coverage.problems[0]).toMatchObject({ severity: "error", hint: expect.stringMatching(/helm template/) });
  });

  it("a kustomization is skipped with a hint to render it", () => {
    const s = load("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n", "kustomization.yaml");
    expect(s.coverage.problems).toMatchObject([{ severity: "info", file: "kustomization.yaml", line: 1, hint: expect.stringMatching(/kustomize/) }]);
  });

  it("a YAML bomb (aliases) is refused quickly, and the rest of the file is read", () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...["b", "c", "d", "e", "f", "g", "h", "i"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(",")}]`),
    ].join("\n");
    const s = load(`${bomb}\n---\n${SA("after")}`);
    expect(names(s)).toEqual(["ServiceAccount/prod/after"]);
    expect(problems(s)).toEqual(["error m.yaml:1:1"]);
  });

  it("nesting deeper than the limit is refused before it can exhaust the stack", () => {
    const n = 20_000;
    const flow = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: deep\nx: ${"[".repeat(n)}${"]".repeat(n)}\n`;
    const compact = `${"- ".repeat(n)}x\n`;
    const maps = `${"{a: ".repeat(n)}1${"}".repeat(n)}\n`;
    const s = snapshot({ manifests: { "flow.yaml": `${flow}---\n${SA("ok")}`, "compact.yaml": compact, "maps.yaml": maps } });
    expect(names(s)).toEqual(["ServiceAccount/prod/ok"]);
    expect(s.coverage.problems.map((p) => [p.severity, p.file, p.line])).toEqual([
      ["error", "flow.yaml", 5],
      ["error", "compact.yaml", 1],
      ["error", "maps.yaml", 1],
    ]);
    expect(s.coverage.problems[0]!.message).toContain(String(MAX_DEPTH));
    expect(s.objects[0]!.origin!.documentIndex).toBe(1);
  });

  it("nesting up to the limit is read", () => {
    const depth = MAX_DEPTH - 5;
    const s = load(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ok\nx: ${"[".repeat(depth)}${"]".repeat(depth)}\n`);
    expect(names(s)).toEqual(["ServiceAccount/default/ok"]);
  });
});

describe("objects of kinds wid does not read", () => {
  it("are dropped before their values are built; their syntax errors are still reported", () => {
    const s = snapshot({
      manifests: {
        "big.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
---
apiVersion: apiextensions.k8s.io/v1
kind: "CustomResourceDefinition"
metadata: {name: widgets.contoso.com}
---
apiVersion: v1
kind: Secret
metadata:
  name: broken
data: {a: "1"
---
${SA("kept")}`,
      },
    });
    expect(names(s)).toEqual(["ServiceAccount/prod/kept"]);
    expect(problems(s)).toEqual(["error big.yaml:17:1"]);
    expect(s.objects[0]!.origin!.documentIndex).toBe(3);
  });

  it("the webhook's ConfigMap is told apart by name, in YAML and JSON", () => {
    const cm = (name: string, data: Record<string, string>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "kube-system" }, data });
    const s = snapshot({ manifests: { "cm.json": JSON.stringify(cm("azure-wi-webhook-config", { AZURE_TENANT_ID: "t" })), "cm.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 'azure-wi-webhook-config'\n---\n${JSON.stringify(cm("other", { LOG_LEVEL: "debug" }))}` } });
    expect(s.objects.map((o) => `${o.origin!.file} ${o.name}`)).toEqual(["cm.json azure-wi-webhook-config", "cm.yaml azure-wi-webhook-config"]);
  });

  it("keeps another ConfigMap only by its key names, with the values of the keys envFrom can turn into the identity variables, when a pod uses it", () => {
    const s = snapshot({
      manifests: {
        "cm.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-env
  namespace: prod
data:
  AZURE_CLIENT_ID: 11111111-2222-3333-4444-555555555555
  CLIENT_ID: for envFrom with prefix AZURE_
  LOG_LEVEL: debug
  big: "${"x".repeat(1000)}"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: prod
data:
  LOG_LEVEL: debug
---
apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: prod
spec:
  containers:
    - name: app
      image: app
      envFrom:
        - configMapRef:
            name: app-env
`,
      },
    });
    expect(s.objects.map((o) => `${o.kind} ${o.namespace}/${o.name}`)).toEqual(["ConfigMap prod/app-env", "Pod prod/app"]);
    expect(s.objects[0]!.raw["data"]).toEqual({ AZURE_CLIENT_ID: "11111111-2222-3333-4444-555555555555", CLIENT_ID: "for envFrom with prefix AZURE_", LOG_LEVEL: "", big: "" });
    expect(s.objects[0]!.loc(["data", "AZURE_CLIENT_ID"])).toMatchObject({ file: "cm.yaml", line: 7, column: 20 });
  });

  it("keeps a Secret a pod uses by its key names only, and of an azure.json or AppAuthentication connection string only the settings that choose an identity", () => {
    const azureJson = JSON.stringify({ tenantId: "t", aadClientId: "c", aadClientSecret: "s3cr3t-value", useManagedIdentityExtension: true, userAssignedIdentityID: "u" });
    const b64 = (t: string) => Buffer.from(t).toString("base64");
    const s = snapshot({
      manifests: {
        "secret.yaml": `apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: prod
data:
  azure.json: ${b64(azureJson)}
  password: ${b64("hunter2")}
stringData:
  AzureServicesAuthConnectionString: RunAs=App;AppId=a;TenantId=t;AppKey=another-secret
---
apiVersion: v1
kind: Secret
metadata:
  name: unused
  namespace: prod
data:
  token: ${b64("x")}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: prod
spec:
  template:
    spec:
      containers:
        - name: app
          image: app
          envFrom:
            - secretRef:
                name: creds
      volumes:
        - name: config
          secret:
            secretName: creds
`,
      },
    });
    expect(s.objects.map((o) => `${o.kind} ${o.namespace}/${o.name}`)).toEqual(["Secret prod/creds", "Deployment prod/app"]);
    const secret = s.objects[0]!;
    expect(secret.raw["data"]).toEqual({ "azure.json": "", password: "" });
    expect(secret.raw["stringData"]).toEqual({ AzureServicesAuthConnectionString: "" });
    expect(secret.identitySettings).toEqual({
      "azure.json": { format: "azure.json", unreadable: false, useWorkloadIdentityExtension: false, useManagedIdentityExtension: true, userAssignedIdentityID: "u", aadClientId: "c", clientSecretSet: true, tenantId: "t" },
      AzureServicesAuthConnectionString: { format: "app-authentication", runAs: "App", appId: "a", tenantId: "t", credential: "secret", developerTool: undefined },
    });
    const kept = JSON.stringify(s.objects);
    for (const value of ["s3cr3t-value", "hunter2", "another-secret", b64(azureJson), b64("hunter2")]) expect(kept).not.toContain(value);
    expect(secret.loc(["data", "password"])).toMatchObject({ file: "secret.yaml", line: 8 });
  });
});

describe("invalid YAML", () => {
  it("comes with a hint for the mistakes people make by hand", () => {
    const s = snapshot({
      manifests: {
        "tab.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n\tname: app\n",
        "quote.yaml": 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: "app\n',
      },
    });
    expect(s.coverage.problems.map((p) => `${p.file}:${p.line} ${p.hint ?? "no hint"}`)).toEqual([
      "tab.yaml:4 indent with spaces: YAML does not allow tabs for indentation",
      "quote.yaml:5 a quote or bracket is not closed",
    ]);
  });
});
