import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, removeBuiltCli, runCli, STACK_FRAME } from "../helpers/cli.js";
import { sarifSchemaErrors } from "../helpers/sarif-schema.js";
import { ANNOTATED, MISSING_CLIENT_ID, tempFiles } from "../helpers/fixtures.js";

const ONLY = ["--check", "sa-client-id-missing"];
let dir: string;
let app: string;

beforeAll(async () => {
  await buildCli();
  dir = tempFiles({
    "app.yaml": MISSING_CLIENT_ID,
    "good.yaml": ANNOTATED,
    "bad.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: [unclosed\n",
    "binary.yaml": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
    "notes.yaml": "title: not a Kubernetes object\n",
    "unknown.json": JSON.stringify([{ hello: "world" }]),
    "broken.json": '[{"id": "/subscriptions/x",\n  "name": ]',
    "aks.json": JSON.stringify({
      id: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod",
      name: "aks-prod",
      resourceGroup: "rg",
      location: "westeurope",
      oidcIssuerProfile: { enabled: true, issuerUrl: "https://westeurope.oic.prod-aks.azure.com/t/c/" },
      securityProfile: { workloadIdentity: { enabled: true } },
      type: "Microsoft.ContainerService/ManagedClusters",
    }),
    "no-namespace.yaml": MISSING_CLIENT_ID.replace(/\n {2}namespace: prod/g, ""),
    kubeconfig: "apiVersion: v1\nkind: Config\nclusters:\n  - name: staging\n    cluster:\n      server: https://127.0.0.1:1\nusers:\n  - name: dev\n    user:\n      token: x\ncontexts:\n  - name: staging\n    context:\n      cluster: staging\n      user: dev\ncurrent-context: staging\n",
  });
  app = join(dir, "app.yaml");
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await removeBuiltCli();
});

describe("kubectl wid doctor: exit status", () => {
  it("exits 1 with a finding at or above --fail-on, and shows where it is", async () => {
    const r = await runCli(["doctor", "-f", app, ...ONLY]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("prod/Deployment/api");
    expect(r.stdout).toContain(`sa-client-id-missing  ${app}:4:3`);
    expect(r.stderr).toBe("");
  });

  it("exits 0 when nothing reaches --fail-on", async () => {
    expect((await runCli(["doctor", "-f", app, ...ONLY, "--fail-on", "none"])).code).toBe(0);
    const clean = await runCli(["doctor", "-f", join(dir, "good.yaml"), ...ONLY]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("No findings from the 1 check that ran.");
  });

  it("reads manifests from stdin with -f -", async () => {
    const r = await runCli(["doctor", "-f", "-", ...ONLY, "-o", "json"], { stdin: MISSING_CLIENT_ID });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: { object: { file: string; line: number } }[] };
    expect(doc.findings[0]!.object).toMatchObject({ file: "<stdin>", line: 4 });
  });

  it("puts manifest objects without a namespace into -n's", async () => {
    const r = await runCli(["doctor", "-f", join(dir, "no-namespace.yaml"), ...ONLY, "-n", "shop", "-o", "json"]);
    const doc = JSON.parse(r.stdout) as { findings: { object: { namespace: string } }[] };
    expect(doc.findings[0]!.object.namespace).toBe("shop");
  });

  it("accepts a --cluster that names an exported cluster", async () => {
    const r = await runCli(["doctor", "--azure", join(dir, "aks.json"), "--cluster", "AKS-prod", "-o", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).not.toBe(2);
  });

  it("accepts --check and --skip as repeated or comma-separated lists", async () => {
    const r = await runCli(["doctor", "-f", app, "--check", "sa-client-id-missing,sa-missing", "--check", "pod-label-missing", "--skip", "sa-missing", "-o", "json"]);
    const doc = JSON.parse(r.stdout) as { notRun: { checkId: string }[]; findings: { checkId: string }[] };
    const seen = new Set([...doc.findings.map((f) => f.checkId), ...doc.notRun.map((n) => n.checkId)]);
    expect(seen.has("sa-missing")).toBe(false);
    expect(seen.has("sa-client-id-missing")).toBe(true);
  });
});

describe("kubectl wid doctor: a live cluster that cannot be reached", () => {
  it("prints what it could check and what it could not, then exits 2, without hanging", async () => {
    // a port nothing listens on any more
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const kubeconfig = join(dir, "closed.kubeconfig");
    writeFileSync(kubeconfig, readFileSync(join(dir, "kubeconfig"), "utf8").replace("https://127.0.0.1:1", `https://127.0.0.1:${port}`));
    const t0 = performance.now();
    const r = await runCli(["doctor", "--kubeconfig", kubeconfig, "--azure", join(dir, "aks.json"), "-o", "json"]);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.code).toBe(2);
    const server = `https://127.0.0.1:${port}`;
    expect(r.stderr).toBe(`${server}: error: the cluster of context "staging" could not be read: ${server}: connection refused\n  hint: check that the cluster is up and that ${server} is reachable from here (\`kubectl cluster-info --context staging\`)\n`);
    const doc = JSON.parse(r.stdout) as { notRun: { checkId: string; cause: { code: string; data: string; gap: { code: string } } }[]; findings: unknown[] };
    expect(doc.notRun.find((n) => n.checkId === "webhook-missing")!.cause).toMatchObject({ code: "missing-data", gap: { code: "unavailable" } });
    expect(doc.notRun.some((n) => n.checkId === "cluster-oidc-issuer-disabled")).toBe(false);
  });
});

describe("kubectl wid doctor: bad input never prints a stack", () => {
  const cases: [string, () => string[], RegExp][] = [
    ["a missing path", () => ["doctor", "-f", join(dir, "nope.yaml")], /^error: .*nope\.yaml: no such file or directory\nhint: /],
    ["a binary file alone", () => ["doctor", "-f", join(dir, "binary.yaml")], /^.*binary\.yaml: error: binary file, not Kubernetes manifests[^]*\nerror: no Kubernetes object in .*binary\.yaml \(1 input error: see above\)\nhint: /],
    ["an unknown check id", () => ["doctor", "-f", app, "--check", "sa-client-id-mising"], /^error: unknown check id "sa-client-id-mising" in --check\nhint: did you mean "sa-client-id-missing"\?/],
    ["an unknown skipped id", () => ["doctor", "-f", app, "--skip", "fic-mising"], /^error: unknown check id "fic-mising" in --skip\nhint: did you mean "fic-missing"/],
    ["JSON that is no Azure CLI export", () => ["doctor", "--azure", join(dir, "unknown.json")], /^.*unknown\.json: error: JSON matches no Azure CLI export shape\n {2}hint: --azure accepts[^]*\nerror: no Azure CLI export in /],
    ["invalid JSON in an export", () => ["doctor", "--azure", join(dir, "broken.json")], /^.*broken\.json:2:\d+: error: invalid JSON/],
    ["a context the kubeconfig lacks", () => ["doctor", "--kubeconfig", join(dir, "kubeconfig"), "--context", "prod"], /^error: --context prod: .*kubeconfig defines no such context\nhint: its contexts: staging/],
    ["a kubeconfig that does not exist", () => ["doctor", "--kubeconfig", join(dir, "nope.kubeconfig")], /^error: --kubeconfig .*nope\.kubeconfig: no such file\nhint: /],
    ["a kubeconfig that is not one", () => ["doctor", "--kubeconfig", join(dir, "binary.yaml")], /^error: .*binary\.yaml: not a readable kubeconfig/],
    ["a bad --request-timeout", () => ["doctor", "--kubeconfig", join(dir, "kubeconfig"), "--request-timeout", "soon"], /^error: --request-timeout soon: not a duration above zero\nhint: /],
    ["no input at all", () => ["doctor"], /^error: nothing to check: no kubeconfig .*\nhint: /],
    ["a flag without its value", () => ["doctor", "-f"], /^error: -f needs a value\nhint: 'kubectl wid doctor --help'/],
    ["an unknown flag", () => ["doctor", "--frobnicate"], /^error: unknown argument: frobnicate\nhint: 'kubectl wid doctor --help'/],
    ["a --cluster that names no exported cluster", () => ["doctor", "--azure", join(dir, "aks.json"), "--cluster", "aks-prd"], /^error: --cluster aks-prd: no exported AKS cluster has that name\nhint: did you mean "aks-prod"\?/],
    ["a bad output format", () => ["doctor", "-f", app, "-o", "xml"], /^error: --output "xml" is not one of "text", "json", "yaml", "sarif"\nhint: 'kubectl wid doctor --help'/],
    ["a bad --fail-on value", () => ["doctor", "-f", app, "--fail-on", "warn"], /^error: --fail-on "warn" is not one of "error", "warning", "info", "none"\nhint: /],
  ];
  for (const [name, args, stderr] of cases) {
    it(`${name}: exit 2, error and hint on stderr`, async () => {
      const r = await runCli(args());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(stderr);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.stdout).toBe("");
    });
  }

  it("invalid YAML: file:line:col on stderr, the results still printed, exit 2", async () => {
    const r = await runCli(["doctor", "-f", join(dir, "bad.yaml"), "-f", app, ...ONLY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${join(dir, "bad.yaml").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: error: invalid YAML`));
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stdout).toContain("sa-client-id-missing");
    expect(r.stdout).toContain("1 input error");
  });

  it("counts skipped non-Kubernetes YAML in the summary and lists it with --verbose", async () => {
    const good = join(dir, "good.yaml");
    const quiet = await runCli(["doctor", "-f", join(dir, "notes.yaml"), "-f", good, ...ONLY]);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toMatch(/; 1 input skipped \(--verbose lists them\)$/m);
    expect(quiet.code).toBe(0);
    const verbose = await runCli(["doctor", "-f", join(dir, "notes.yaml"), "-f", good, ...ONLY, "--verbose"]);
    expect(verbose.stderr).toMatch(/notes\.yaml:1:1: info: skipped/);
    expect(verbose.stdout).toMatch(/; 1 input skipped \(see above\)$/m);
    expect(verbose.code).toBe(0);
  });

  it("input that holds nothing to check is an input error, unless --allow-empty", async () => {
    const empty = tempFiles({});
    for (const args of [["-f", join(dir, "notes.yaml")], ["-f", empty], ["--azure", empty]]) {
      const r = await runCli(["doctor", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(/(^|\n)error: no (Kubernetes object|Azure CLI export) in .+\nhint: .*--allow-empty/);
      const allowed = await runCli(["doctor", ...args, "--allow-empty"]);
      expect(allowed.code, args.join(" ")).toBe(0);
      expect(allowed.stdout).toMatch(/^summary: /m);
    }
    rmSync(empty, { recursive: true, force: true });
  });

  it("a folder of exports with fields of the wrong type: each named with its line, the type found and the type wanted, and exit 2", async () => {
    const identity = (name: string, clientId: unknown) =>
      ({ id: `/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`, name, type: "Microsoft.ManagedIdentity/userAssignedIdentities", clientId, principalId: "p", tenantId: "t" });
    const typed = tempFiles({ "identities.json": JSON.stringify([identity("a", 42), identity("b", ["x"])], null, 2) });
    const r = await runCli(["doctor", "--azure", typed, "-f", app, ...ONLY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/identities\.json:6:5: error: element 0: managed identity: clientId is a number; wanted a string/);
    expect(r.stderr).toMatch(/identities\.json:14:5: error: element 1: managed identity: clientId is a list; wanted a string/);
    expect(r.stderr).toMatch(/\nerror: no Azure CLI export in /);
    rmSync(typed, { recursive: true, force: true });
  });

  it("one unreadable file among good ones: the report still prints, the exit status says input error", async () => {
    const r = await runCli(["doctor", "-f", join(dir, "binary.yaml"), "-f", app, ...ONLY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/binary\.yaml: error: binary file/);
    expect(r.stdout).toContain("sa-client-id-missing");
    expect(r.stdout).toMatch(/1 input error \(see above\)$/m);
  });
});

describe("kubectl wid doctor: output formats", () => {
  it("-o json follows the contract", async () => {
    const r = await runCli(["doctor", "-f", app, ...ONLY, "-o", "json"]);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ version: 1, summary: { error: 1, warning: 0, info: 0 }, notRun: [] });
    expect((doc["findings"] as unknown[])[0]).toMatchObject({
      checkId: "sa-client-id-missing",
      severity: "error",
      object: { kind: "ServiceAccount", namespace: "prod", name: "api", file: app, line: 4, column: 3 },
    });
  });

  it("-o yaml is the same document", async () => {
    const { parse } = await import("yaml");
    const [json, yaml] = await Promise.all([runCli(["doctor", "-f", app, ...ONLY, "-o", "json"]), runCli(["doctor", "-f", app, ...ONLY, "-o", "yaml"])]);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  });

  it("-o sarif points at the manifest relative to the working directory", async () => {
    const r = await runCli(["doctor", "-f", "app.yaml", ...ONLY, "-o", "sarif"], { cwd: dir });
    const log = JSON.parse(r.stdout) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: unknown }[] }[] }[] };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]!.results[0]!.ruleId).toBe("sa-client-id-missing");
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: "app.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 4, startColumn: 3 } });
  });

  it("-o sarif on the examples is valid SARIF 2.1.0, with each result's message id and exact region", async () => {
    const repo = join(import.meta.dirname, "..", "..", "..", "..");
    const r = await runCli(["doctor", "-f", "examples/manifests", "--azure", "examples/azure", "-o", "sarif"], { cwd: repo });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; message: { id: string }; locations: { physicalLocation?: { region?: Record<string, number> } }[] }[] }[] };
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(20);
    for (const res of results) expect(res.message.id, res.ruleId).toMatch(/^[a-zA-Z]+$/);
    const token = results.find((x) => x.ruleId === "sa-token-expiration-invalid")!;
    // "600" in examples/manifests/analytics/spark-history.yaml, quotes included
    expect(token.locations[0]!.physicalLocation!.region).toEqual({ startLine: 10, startColumn: 63, endLine: 10, endColumn: 68 });
  });

  it("never colours a pipe, even when asked", async () => {
    const r = await runCli(["doctor", "-f", app, ...ONLY, "--color"]);
    expect(r.stdout).not.toContain("\u001b[");
  });
});
