import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { setting, UserError } from "@wid/core";
import { loadLiveCluster, resolveKubeconfig } from "@wid/core/sources/live";
import { FAST, shop, startWorld, type World } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "wid-kubeconfig-"));

function write(name: string, doc: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof doc === "string" ? doc : stringify(doc), { mode: 0o600 });
  return file;
}

/** A kubeconfig whose user gets its token from an exec plugin, as kubelogin gives one on AKS with Entra ID. */
function execKubeconfig(world: World, script: string): string {
  const kc = parse(readFileSync(world.kubeconfigPath, "utf8")) as { users: { name: string; user: Record<string, unknown> }[] };
  kc.users = [{ name: "entra", user: { exec: { apiVersion: "client.authentication.k8s.io/v1", command: process.execPath, args: [script], interactiveMode: "Never", provideClusterInfo: false } } }];
  const cfg = kc as unknown as { contexts: { name: string; context: { cluster: string; user: string } }[]; "current-context": string };
  cfg.contexts = [{ name: "entra", context: { cluster: world.scenario.cluster.name, user: "entra" } }];
  cfg["current-context"] = "entra";
  return write(`exec-${Math.random().toString(36).slice(2)}.kubeconfig`, kc);
}

describe("kubeconfig as kubectl reads it", { timeout: 60_000 }, () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(shop({ users: [{ name: "cert-admin", admin: true, clientCertificate: true }] }));
  }, 60_000);
  afterAll(() => world?.close());

  it("merges the files of KUBECONFIG: the first file's names and current context win, missing files are skipped", async () => {
    const second = write("second.kubeconfig", {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        { name: world.scenario.cluster.name, cluster: { server: "https://127.0.0.1:9", "insecure-skip-tls-verify": true } },
        { name: "other", cluster: { server: world.urls.kube, "certificate-authority-data": Buffer.from(world.ca.caPem).toString("base64") } },
      ],
      users: [{ name: "other-viewer", user: { token: world.tokens["viewer"] } }],
      contexts: [
        { name: world.scenario.cluster.name, context: { cluster: "nowhere", user: "nobody" } },
        { name: "other", context: { cluster: "other", user: "other-viewer", namespace: "shop" } },
      ],
      "current-context": "other",
    });
    const env = { KUBECONFIG: [join(dir, "absent.kubeconfig"), world.kubeconfigPath, second].join(delimiter) };
    const merged = resolveKubeconfig({ env });
    expect(merged.files).toEqual([world.kubeconfigPath, second]);
    expect(merged.context).toMatchObject({ name: world.scenario.cluster.name, server: world.urls.kube });
    const c = await loadLiveCluster({ env, allNamespaces: true, ...FAST });
    expect(c.coverage.live!.allNamespaces).toBe(true);
    // a context of the second file, with its namespace
    const other = await loadLiveCluster({ env, context: "other", ...FAST });
    expect(other.context).toMatchObject({ name: "other", namespace: "shop", user: "other-viewer" });
    expect(other.coverage.live!.namespaces).toEqual(["shop"]);
  });

  it("takes a kubeconfig alone, as kubectl does, and names a context it lacks", () => {
    expect(() => resolveKubeconfig({ kubeconfig: world.kubeconfigPath, context: "prod", env: {} })).toThrow(UserError);
    try {
      resolveKubeconfig({ kubeconfig: world.kubeconfigPath, context: "prod", env: {} });
    } catch (e) {
      expect((e as UserError).message).toBe(`${setting("context")} prod: ${world.kubeconfigPath} defines no such context`);
      expect((e as UserError).hint).toContain("aks-shop-prod");
    }
    expect(() => resolveKubeconfig({ env: {} })).toThrow(/no kubeconfig: KUBECONFIG is not set/);
  });

  it("runs an exec credential plugin for the token, once for many requests", async () => {
    const calls = join(dir, "exec-calls.txt");
    const script = write(
      "plugin.mjs",
      `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(calls)}, "x");\nconst exp = new Date(Date.now() + 3600_000).toISOString();\nprocess.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { token: ${JSON.stringify(world.tokens["admin"])}, expirationTimestamp: exp } }));\n`,
    );
    const c = await loadLiveCluster({ kubeconfig: execKubeconfig(world, script), allNamespaces: true, ...FAST });
    expect(c.coverage.problems).toEqual([]);
    expect(c.objects.length).toBeGreaterThan(40);
    const requests = Object.values(c.requests).reduce((a, b) => a + b, 0);
    expect(requests).toBeGreaterThan(15);
    expect(readFileSync(calls, "utf8").length).toBeLessThanOrEqual(2);
  });

  it("reports an exec plugin that fails as the cluster's credentials not obtained, and reads nothing", async () => {
    const script = write("failing.mjs", 'process.stderr.write("AADSTS50076: due to a configuration change made by your administrator, you must use multi-factor authentication\\n");\nprocess.exit(1);\n');
    const c = await loadLiveCluster({ kubeconfig: execKubeconfig(world, script), allNamespaces: true, ...FAST });
    expect(c.objects).toEqual([]);
    expect(c.coverage.problems).toEqual([expect.objectContaining({ severity: "error", message: expect.stringContaining("credentials of the kubeconfig user could not be obtained"), hint: expect.stringContaining("kubelogin") })]);
  });

  it("authenticates with a client certificate", async () => {
    expect(existsSync(world.kubeconfigPath)).toBe(true);
    const c = await loadLiveCluster({ kubeconfig: world.kubeconfigPath, context: `cert-admin@${world.scenario.cluster.name}`, allNamespaces: true, ...FAST });
    expect(c.coverage.problems).toEqual([]);
    expect(c.coverage.live!.allNamespaces).toBe(true);
    const kc = parse(readFileSync(world.kubeconfigPath, "utf8")) as { users: { name: string; user: Record<string, unknown> }[] };
    expect(Object.keys(kc.users.find((u) => u.name.startsWith("cert-admin@"))!.user).sort()).toEqual(["client-certificate-data", "client-key-data"]);
  });
});
