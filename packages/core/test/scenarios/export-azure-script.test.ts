import { spawnSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { doctor, Scratch } from "./support/doctor.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "..", "examples");
const SCRIPT = join(EXAMPLES, "export-azure.sh");
const NOW = Date.parse("2026-11-28T12:00:00Z");

/**
 * A stand-in for the Azure CLI that answers from examples/azure, the way `az` would for that
 * subscription, and records each call. ACCOUNT=signed-out makes `az account show` fail.
 */
const FAKE_AZ = `
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
const dir = process.env.EXPORTS;
const args = process.argv.slice(2);
appendFileSync(process.env.CALLS, args.join(" ") + "\\n");
const opt = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1]; };
const print = (file) => process.stdout.write(readFileSync(join(dir, file), "utf8"));
const fail = (message, code = 1) => { process.stderr.write("ERROR: " + message + "\\n"); process.exit(code); };
const cmd = args.filter((a) => !a.startsWith("-")).slice(0, 3).join(" ");
if (cmd.startsWith("account show")) process.exit(process.env.ACCOUNT === "signed-out" ? 1 : 0);
else if (cmd.startsWith("identity federated-credential list")) {
  const name = opt("--identity-name");
  if (process.env.FAIL_FIC === name) fail("(AuthorizationFailed) The client does not have authorization to perform action");
  print(join("federated-credentials", opt("--resource-group"), "fic-" + name + ".json"));
} else if (cmd.startsWith("identity list")) {
  if (opt("--query") === undefined) print("identities.json");
  else for (const i of JSON.parse(readFileSync(join(dir, "identities.json"), "utf8"))) process.stdout.write(i.name + "\\t" + i.resourceGroup + "\\n");
} else if (cmd.startsWith("role assignment list") && args.includes("--all")) print("role-assignments.json");
else if (cmd.startsWith("role definition list")) print("role-definitions.json");
else if (cmd.startsWith("aks show")) {
  if (opt("--name") !== "aks-shop-prod-weu" || opt("--resource-group") !== "rg-shop-prod-weu") fail("(ResourceNotFound) The Resource 'Microsoft.ContainerService/managedClusters/" + opt("--name") + "' was not found.", 3);
  print("cluster-aks-shop-prod-weu.json");
} else if (cmd.startsWith("keyvault list")) print("keyvaults.json");
else fail("unexpected az " + args.join(" "), 2);
`;

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split("\\").join("/"))
    .sort();
}

describe("examples/export-azure.sh", () => {
  let scratch: Scratch;
  afterEach(() => scratch.cleanup());

  function run(args: string[], env: Record<string, string> = {}) {
    scratch = new Scratch();
    const fake = scratch.write("bin/fake-az.mjs", FAKE_AZ);
    const az = scratch.write("bin/az", `#!/usr/bin/env bash\nexec "${process.execPath}" "${fake}" "$@"\n`);
    chmodSync(az, 0o755);
    const calls = join(scratch.dir, "calls.log");
    scratch.write("calls.log", "");
    const out = join(scratch.dir, "export");
    const result = spawnSync("bash", [SCRIPT, ...args.map((a) => a.replace("OUT", out))], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${join(scratch.dir, "bin")}${delimiter}${process.env["PATH"] ?? ""}`, EXPORTS: join(EXAMPLES, "azure"), CALLS: calls, ...env },
    });
    return { ...result, out, calls: readFileSync(calls, "utf8").trim().split("\n").filter(Boolean) };
  }

  it("writes the layout of examples/azure file for file, one federated credential list per identity, and the doctor reads it alike", async () => {
    const r = run(["-g", "rg-shop-prod-weu", "-n", "aks-shop-prod-weu", "-o", "OUT"]);
    expect(r.stderr).toContain("exported to");
    expect(r.status).toBe(0);
    const expected = files(join(EXAMPLES, "azure"));
    expect(files(r.out)).toEqual(expected);
    for (const f of expected) expect(readFileSync(join(r.out, f), "utf8"), f).toBe(readFileSync(join(EXAMPLES, "azure", f), "utf8"));

    const identities = JSON.parse(readFileSync(join(EXAMPLES, "azure", "identities.json"), "utf8")) as { name: string; resourceGroup: string }[];
    const ficCalls = r.calls.filter((c) => c.startsWith("identity federated-credential list"));
    expect(ficCalls.sort()).toEqual(identities.map((i) => `identity federated-credential list --identity-name ${i.name} --resource-group ${i.resourceGroup}`).sort());
    expect(r.calls).toContain("role assignment list --all");
    expect(r.calls).toContain("aks show --resource-group rg-shop-prod-weu --name aks-shop-prod-weu");

    const manifests = [join(EXAMPLES, "manifests")];
    const seen = async (azure: string) => {
      const { report } = await doctor({ manifests, azure: [azure], now: NOW, root: EXAMPLES });
      return report.findings.map((f) => `${f.checkId} ${f.object.kind} ${f.object.name} ${f.object.file?.replace(azure, "AZURE")}:${f.object.line}`).sort();
    };
    const fromScript = await seen(r.out);
    expect(fromScript).toEqual(await seen(join(EXAMPLES, "azure")));
    expect(fromScript.length).toBeGreaterThan(10);
  });

  it("passes --subscription to every command that reads Azure resources", () => {
    const r = run(["-s", "1543076c-8ffa-403e-94d0-175d8677bdb6", "-g", "rg-shop-prod-weu", "-n", "aks-shop-prod-weu", "-o", "OUT"]);
    expect(r.status).toBe(0);
    const reads = r.calls.filter((c) => !c.startsWith("account show"));
    expect(reads.length).toBeGreaterThan(5);
    for (const c of reads) expect(c).toContain("--subscription 1543076c-8ffa-403e-94d0-175d8677bdb6");
  });

  it("prints its usage and exits 2 without the cluster's name, calling no az command", () => {
    const r = run(["-g", "rg-shop-prod-weu"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Usage: export-azure.sh -g CLUSTER_RESOURCE_GROUP -n CLUSTER_NAME");
    expect(r.calls).toEqual([]);
  });

  it("exits 2 and says to sign in when az has no account", () => {
    const r = run(["-g", "rg-shop-prod-weu", "-n", "aks-shop-prod-weu", "-o", "OUT"], { ACCOUNT: "signed-out" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("az login");
  });

  it("stops with az's status as soon as an az command fails", () => {
    const denied = run(["-g", "rg-shop-prod-weu", "-n", "aks-shop-prod-weu", "-o", "OUT"], { FAIL_FIC: "id-orders-db" });
    expect(denied.status).not.toBe(0);
    expect(denied.stderr).toContain("AuthorizationFailed");
    expect(denied.calls.some((c) => c.startsWith("role assignment list"))).toBe(false);

    const missing = run(["-g", "rg-shop-prod-weu", "-n", "aks-shop-prod-wue", "-o", "OUT"]);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain("ResourceNotFound");
  });
});
