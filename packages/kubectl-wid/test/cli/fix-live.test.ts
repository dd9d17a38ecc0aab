import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBuiltCli, runCli, STACK_FRAME } from "../helpers/cli.js";
import { serveDemo, type ServedWorld } from "../helpers/served-world.js";

interface DoctorJson {
  findings: { checkId: string; object: { kind: string; namespace?: string; name: string } }[];
}

/** The findings no tool can mend alone in the default world, and the evidence from before the fixes. */
const LEFT = [
  "migrate-pod-identity Deployment legacy/batch-sync",
  "rbac-no-assignment ManagedIdentity /id-ingest",
  "runtime-aadsts-error Deployment shop/payments",
  "sa-client-id-not-guid ServiceAccount analytics/dashboard",
  "webhook-admission-errors CronJob billing/reports",
];

// `pnpm wid demo --serve` in one shell; `pnpm wid fix` and `kubectl` in another.
describe("kubectl wid fix against the served default world", { timeout: 180_000 }, () => {
  let world: ServedWorld;
  const wid = (args: string[]) => runCli(args, { env: world.env, timeout: 120_000 });
  const kubectl = (args: string[]) => {
    const r = spawnSync("kubectl", ["--kubeconfig", world.env["KUBECONFIG"]!, ...args], { encoding: "utf8", timeout: 20_000 });
    if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  const doctorIds = async () => {
    const r = await wid(["doctor", "-A", "-o", "json"]);
    return (JSON.parse(r.stdout) as DoctorJson).findings.map((f) => `${f.checkId} ${f.object.kind} ${f.object.namespace ?? ""}/${f.object.name}`).sort();
  };
  let before: string[];

  beforeAll(async () => {
    world = await serveDemo();
    before = await doctorIds();
  }, 90_000);
  afterAll(async () => {
    world?.stop();
    await removeBuiltCli();
  });

  it("off a terminal and without --yes, shows the plan with its kubectl and az commands and changes nothing", async () => {
    const r = await wid(["fix", "-A"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Plan: 9 fixes \(6 in the cluster, 3 in Azure\)$/m);
    expect(r.stdout).toContain(`kubectl patch serviceaccount/ledger -n billing --type merge -p '{"metadata":{"annotations":{"azure.workload.identity/client_id":null,"azure.workload.identity/client-id":`);
    expect(r.stdout).toContain("kubectl rollout restart deployment/notifier -n shop");
    expect(r.stdout).toMatch(/az identity federated-credential update \\\n\s+--name aks-shop-payments/);
    expect(r.stdout).toContain("az keyvault set-policy \\\n");
    expect(r.stdout).toContain("9 fixes (6 in the cluster, 3 in Azure) planned; nothing was changed: run again with --yes to apply them (or on a terminal, to be asked).");
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(await doctorIds()).toEqual(before);
  });

  it("--dry-run has the API server and Azure check every step and changes nothing", async () => {
    const r = await wid(["fix", "-A", "--dry-run"]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^ {2}would do {3}.*(dry run; nothing was changed|\(dry run\); nothing was changed)$/gm)).toHaveLength(9);
    expect(r.stdout).toContain("Dry run: 9 fixes (6 in the cluster, 3 in Azure) planned; nothing was changed.");
    expect(await doctorIds()).toEqual(before);
  });

  it("-n and --check apply one check's fixes in one namespace, and nothing else", async () => {
    const cartBefore = kubectl(["get", "deployment", "cart", "-n", "shop", "-o", "jsonpath={.metadata.resourceVersion}"]);
    const r = await wid(["fix", "-n", "analytics", "--check", "pod-label-value-invalid", "--yes"]);
    expect(r.stdout).toMatch(/^Plan: 1 fix \(1 in the cluster\)$/m);
    expect(r.stdout).toMatch(/^ {2}applied {4}Deployment analytics\/exporter patched$/m);
    expect(r.stdout).toMatch(/^ {2}rolled out {2}Deployment analytics\/exporter$/m);
    expect(r.stdout).toContain("Fixed 1 finding; 0 findings remain.");
    expect(r.code).toBe(0);
    expect(kubectl(["get", "deployment", "exporter", "-n", "analytics", "-o", "jsonpath={.spec.template.metadata.labels.azure\\.workload\\.identity/use}"])).toBe("true");
    expect(kubectl(["get", "deployment", "cart", "-n", "shop", "-o", "jsonpath={.metadata.resourceVersion}"])).toBe(cartBefore);
  });

  it("a user who may only read is refused by the API server: the step fails with the 403, and nothing changes", async () => {
    const rv = kubectl(["get", "deployment", "cart", "-n", "shop", "-o", "jsonpath={.metadata.resourceVersion}"]);
    const r = await wid(["fix", "-n", "shop", "--context", "viewer@aks-shop-prod", "--check", "pod-label-missing", "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  failed     Deployment shop/cart: you may not change it (User "viewer" cannot patch resource "deployments" in API group "apps" in the namespace "shop")');
    expect(r.stdout).toMatch(/pod-label-missing {2}Deployment shop\/cart\n.*\n {4}not applied:\n {6}Deployment shop\/cart: you may not change it/);
    expect(kubectl(["get", "deployment", "cart", "-n", "shop", "-o", "jsonpath={.metadata.resourceVersion}"])).toBe(rv);
  });

  it("-A --yes mends what can be mended, runs the doctor again, and says why each remaining finding is left; doctor -A agrees", async () => {
    const r = await wid(["fix", "-A", "--yes"]);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Applying:$/m);
    expect(r.stdout).not.toMatch(/^ {2}(refused|failed) /m);
    // the annotation fixes reveal pods that must be restarted: a second round restarts them
    expect(r.stdout).toMatch(/^The fixes above revealed more: 2 fixes \(2 in the cluster\)$/m);
    expect(r.stdout).toContain("kubectl rollout restart statefulset/ledger -n billing");
    expect(r.stdout).toContain("kubectl rollout restart deployment/catalog -n shop");
    expect(r.stdout).toMatch(/^Fixed 9 findings; 5 findings remain\.$/m);
    const remaining = r.stdout.slice(r.stdout.indexOf("Remaining (5), and why:"));
    // each one says why
    expect(remaining.match(/^ {4}(needs your choice:|evidence from before)/gm)).toHaveLength(5);
    expect(remaining).toMatch(/sa-client-id-not-guid {2}ServiceAccount analytics\/dashboard\n.*\n {4}needs your choice: Which managed identity/);
    expect(remaining).toMatch(/runtime-aadsts-error {2}Deployment shop\/payments\n.*\n {4}evidence from before this run fixed fic-subject-mismatch/);
    expect(await doctorIds()).toEqual(LEFT);
    // read back with kubectl: fixed in place
    expect(kubectl(["get", "serviceaccount", "ledger", "-n", "billing", "-o", "jsonpath={.metadata.annotations}"])).toContain('"azure.workload.identity/client-id"');
    expect(kubectl(["get", "deployment", "notifier", "-n", "shop", "-o", "jsonpath={.spec.template.metadata.annotations}"])).toContain("kubectl.kubernetes.io/restartedAt");
  });

  it("a second run has nothing to apply, and says so", async () => {
    const r = await wid(["fix", "-A", "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Nothing wid can fix on its own: each finding below needs you\.$/m);
    expect(r.stdout).not.toContain("Applying");
    expect(r.stdout).toMatch(/^Fixed 0 findings; 5 findings remain\.$/m);
    expect(r.stdout.match(/^ {4}(needs your choice:|evidence from before)/gm)).toHaveLength(5);
  });
});
