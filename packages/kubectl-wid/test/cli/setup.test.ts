import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBuiltCli, runCli, STACK_FRAME } from "../helpers/cli.js";
import { serveDemo, type ServedWorld } from "../helpers/served-world.js";

// `pnpm wid demo --serve` in one shell; `pnpm wid setup`, `verify` and `kubectl` in another.
describe("kubectl wid setup against the served default world", { timeout: 180_000 }, () => {
  let world: ServedWorld;
  const wid = (args: string[]) => runCli(args, { env: world.env, timeout: 60_000 });
  const kubectl = (args: string[]) => spawnSync("kubectl", ["--kubeconfig", world.env["KUBECONFIG"]!, ...args], { encoding: "utf8", timeout: 20_000 });
  const vault = () => `/subscriptions/${world.env["AZURE_SUBSCRIPTION_ID"]}/resourceGroups/rg-shop-data/providers/Microsoft.KeyVault/vaults/kv-shop-prod`;

  beforeAll(async () => {
    world = await serveDemo();
    expect(kubectl(["create", "namespace", "newapp"]).status).toBe(0);
  }, 90_000);
  afterAll(async () => {
    world?.stop();
    await removeBuiltCli();
  });

  const NEW = ["setup", "-n", "newapp", "--service-account", "web", "--identity", "id-web", "--create-identity", "--resource-group", "rg-shop", "--location", "eastus"];

  it("off a terminal without --yes shows the plan and changes nothing", async () => {
    const r = await wid(NEW);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("ServiceAccount newapp/web -> identity id-web (to be created)");
    expect(r.stdout).toMatch(/^ {2}az identity create \\\n {4}--name id-web \\\n {4}--resource-group rg-shop \\\n {4}--location eastus/m);
    expect(r.stdout).toContain("kubectl create serviceaccount web -n newapp");
    expect(r.stdout).toMatch(/az identity federated-credential create \\\n {4}--name newapp-web/);
    expect(r.stdout).toContain("Nothing was changed: run again with --yes to apply it (or on a terminal, to be asked).");
    expect(kubectl(["get", "serviceaccount", "web", "-n", "newapp"]).status).not.toBe(0);
  });

  it("--dry-run asks Azure about the identity and changes nothing", async () => {
    const r = await wid([...NEW, "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}would do {3}identity id-web: Azure's current state allows the change \(dry run\); nothing was changed$/m);
    expect(r.stdout).toContain("Dry run: nothing was changed.");
    expect(kubectl(["get", "serviceaccount", "web", "-n", "newapp"]).status).not.toBe(0);
  });

  it("creates the identity, the ServiceAccount and the credential; verify then proves the token exchange", async () => {
    const r = await wid([...NEW, "--role", "Key Vault Secrets User", "--scope", vault(), "--yes"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}applied {4}identity id-web: created$/m);
    expect(r.stdout).toMatch(/^ {2}applied {4}ServiceAccount newapp\/web created$/m);
    expect(r.stdout).toMatch(/^ {2}applied {4}federated credential "newapp-web" of identity id-web: created$/m);
    expect(r.stdout).toMatch(/^ {2}applied {4}role "Key Vault Secrets User" of principal [0-9a-f-]{36} on kv-shop-prod: granted$/m);
    expect(r.stdout).toContain("ServiceAccount newapp/web is set up.");
    expect(r.stdout).toContain('      metadata:\n        labels:\n          azure.workload.identity/use: "true"\n      spec:\n        serviceAccountName: web');
    const sa = JSON.parse(kubectl(["get", "serviceaccount", "web", "-n", "newapp", "-o", "json"]).stdout) as { metadata: { annotations: Record<string, string> } };
    expect(sa.metadata.annotations["azure.workload.identity/client-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const v = await wid(["verify", "-n", "newapp", "web", "-o", "json"]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, serviceAccount: { namespace: "newapp", name: "web", clientId: sa.metadata.annotations["azure.workload.identity/client-id"] } });
  });

  it("a new workload run as the ServiceAccount, with the label setup names, is mutated and clean for the doctor", async () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "newapp" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web", "azure.workload.identity/use": "true" } }, spec: { serviceAccountName: "web", containers: [{ name: "web", image: "shop/web:1" }] } },
      },
    };
    const applied = spawnSync("kubectl", ["--kubeconfig", world.env["KUBECONFIG"]!, "apply", "-f", "-"], { input: JSON.stringify(deployment), encoding: "utf8" });
    expect(applied.status).toBe(0);
    expect(kubectl(["rollout", "status", "deployment/web", "-n", "newapp", "--timeout=30s"]).status).toBe(0);
    const pods = JSON.parse(kubectl(["get", "pods", "-n", "newapp", "-l", "app=web", "-o", "json"]).stdout) as { items: { spec: { containers: { env?: { name: string }[] }[] } }[] };
    expect(pods.items[0]!.spec.containers[0]!.env?.map((e) => e.name)).toEqual(expect.arrayContaining(["AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE"]));
    const doctor = await wid(["doctor", "-n", "newapp", "-o", "json"]);
    const findings = (JSON.parse(doctor.stdout) as { findings: { checkId: string; severity: string }[] }).findings;
    // the credential is minutes old: an info finding says it may still be propagating, nothing more
    expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(doctor.code).toBe(0);
  });

  it("a second run finds everything in place, changes nothing, and says so", async () => {
    const r = await wid([...NEW, "--role", "Key Vault Secrets User", "--scope", vault(), "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Nothing to change: identity id-web \(client id [0-9a-f-]{36}\) exists; ServiceAccount newapp\/web names the identity; federated credential "newapp-web" trusts the cluster's issuer for system:serviceaccount:newapp:web; role "Key Vault Secrets User" is granted\.$/m);
    expect(r.stdout).not.toContain("Applying");
  });

  it("annotates an existing ServiceAccount of an existing identity, found by its client id", async () => {
    expect(kubectl(["create", "serviceaccount", "worker", "-n", "newapp"]).status).toBe(0);
    const clientId = JSON.parse(kubectl(["get", "serviceaccount", "web", "-n", "newapp", "-o", "json"]).stdout).metadata.annotations["azure.workload.identity/client-id"] as string;
    const r = await wid(["setup", "-n", "newapp", "--service-account", "worker", "--identity", clientId, "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`kubectl annotate serviceaccount worker -n newapp --overwrite azure.workload.identity/client-id=${clientId}`);
    expect(r.stdout).toMatch(/^ {2}applied {4}ServiceAccount newapp\/worker patched$/m);
    expect((await wid(["verify", "-n", "newapp", "worker"])).code).toBe(0);
  });

  it("refuses to point a ServiceAccount that names another identity elsewhere, unless --overwrite", async () => {
    const r = await wid(["setup", "-n", "shop", "--service-account", "orders", "--identity", "id-payments", "--yes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: ServiceAccount shop\/orders names another identity already \(client id [0-9a-f-]{36}\)\nhint: pass --overwrite to point it at id-payments/m);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it("an identity that does not exist is named, with how to create it", async () => {
    const r = await wid(["setup", "-n", "newapp", "--service-account", "web", "--identity", "id-nope", "--yes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --identity id-nope: no user-assigned identity has that name in subscription [0-9a-f-]{36}\nhint: create it with --create-identity --resource-group RG --location LOCATION/m);
  });

  it("-o yaml prints the ServiceAccount's manifest and the Azure side as comments, and applies nothing", async () => {
    const r = await wid(["setup", "-n", "newapp", "--service-account", "api", "--identity", "id-web", "-o", "yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# {3}az identity federated-credential create \\$/m);
    expect(r.stdout).toMatch(/^apiVersion: v1\nkind: ServiceAccount\nmetadata:\n {2}name: api\n {2}namespace: newapp\n {2}annotations:\n {4}azure.workload.identity\/client-id: [0-9a-f-]{36}\n$/m);
    expect(kubectl(["get", "serviceaccount", "api", "-n", "newapp"]).status).not.toBe(0);
    // what it prints is what kubectl applies
    const applied = spawnSync("kubectl", ["--kubeconfig", world.env["KUBECONFIG"]!, "apply", "--dry-run=server", "-f", "-"], { input: r.stdout, encoding: "utf8" });
    expect(applied.stdout).toContain("serviceaccount/api created (server dry run)");
  });

  it("--role without --scope is a usage error", async () => {
    const r = await wid(["setup", "-n", "newapp", "--service-account", "web", "--identity", "id-web", "--role", "Reader"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: --role needs --scope: the resource the role is granted on");
  });
});
