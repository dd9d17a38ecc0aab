import { spawn, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultScenario, startWorld, type World } from "@wid/fake-cloud";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCli, cliCommand, removeBuiltCli } from "../helpers/cli.js";

/** A process run asynchronously: the simulated world answers from this process meanwhile. */
/** A home of its own for the processes: kubectl keeps its discovery cache there, not in the working directory. */
const HOME = mkdtempSync(join(tmpdir(), "wid-home-"));

function run(cmd: string, args: string[], opts: { env?: Record<string, string>; input?: string; typing?: boolean; onStdout?: (all: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { PATH: process.env["PATH"] ?? "", HOME, ...opts.env }, stdio: [opts.input === undefined && !opts.typing ? "ignore" : "pipe", "pipe", "pipe"] });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      opts.onStdout?.(stdout, child);
    });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// util-linux `script` runs a command on a pseudo-terminal: the CLI then sees a terminal as users do.
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

describe("kubectl wid fix on a terminal, and stopped with Ctrl-C", { timeout: 120_000 }, () => {
  let world: World;
  beforeAll(async () => {
    const s = defaultScenario();
    // every write takes a while, as on a loaded control plane: time to press Ctrl-C mid-run
    s.faults.kube = { slow: [{ pathContains: "?fieldManager=wid", ms: 1_500 }] };
    world = await startWorld(s);
    await buildCli();
  }, 60_000);
  afterAll(async () => {
    await world?.close();
    await removeBuiltCli();
  });

  it("finishes the step in progress, starts no other, says which objects changed, and exits 130", async () => {
    const [file, ...pre] = await cliCommand();
    let sent = false;
    const r = await run(file, [...pre, "fix", "-A", "--yes", "--check", "sa-annotation-typo,sa-token-expiration-invalid,sa-client-id-is-principal-id"], {
      env: world.env,
      onStdout: (all, child) => {
        if (!sent && /^ {2}applied /m.test(all)) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("Stopping after the step in progress (Ctrl-C again to quit at once)...");
    const lines = r.stdout.split("\n").filter((l) => /^ {2}(applied|refused|failed|unchanged) /.test(l));
    expect(lines).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith("  applied")).length).toBeGreaterThanOrEqual(1);
    expect(lines.at(-1)).toMatch(/^ {2}refused {4}.*: not changed: the run was stopped before this step$/);
    expect(r.stdout).toContain("Stopped (Ctrl-C): each object above is either unchanged or fully changed, as its line says.");
    // read back with kubectl: each ServiceAccount is as its line says, none half-changed
    const annotations = async (ns: string, name: string) => JSON.parse((await run("kubectl", ["--kubeconfig", world.kubeconfigPath, "get", "serviceaccount", name, "-n", ns, "-o", "jsonpath={.metadata.annotations}"])).stdout) as Record<string, string>;
    const state = {
      ledger: (await annotations("billing", "ledger"))["azure.workload.identity/client-id"] !== undefined,
      reports: (await annotations("billing", "reports"))["azure.workload.identity/service-account-token-expiration"] === "3600",
      catalog: (await annotations("shop", "catalog"))["azure.workload.identity/client-id"] === world.scenario.azure.identities.find((i) => i.name === "id-catalog")!.clientId,
    };
    const applied = Object.entries(state).filter(([, done]) => done).map(([name]) => name);
    expect(applied.sort()).toEqual(lines.filter((l) => l.startsWith("  applied")).map((l) => /(ledger|reports|catalog)/.exec(l)![1]!).sort());
  });

  /** The CLI on a pseudo-terminal, the answer typed in. */
  async function onTerminal(cliArgs: string[], answer: string) {
    const command = `stty cols 120 rows 40 && exec ${[...(await cliCommand()), ...cliArgs].map(quote).join(" ")}`;
    return run("script", ["-qfec", command, "/dev/null"], { env: { ...world.env, TERM: "xterm-256color" }, input: answer });
  }
  const restartedAt = async () => (await run("kubectl", ["--kubeconfig", world.kubeconfigPath, "get", "deployment", "notifier", "-n", "shop", "-o", "jsonpath={.spec.template.metadata.annotations}"])).stdout;

  it.skipIf(!hasScript)("asks before it changes anything; no changes nothing", async () => {
    const r = await onTerminal(["fix", "-n", "shop", "--check", "pod-not-mutated", "--no-color"], "n\n");
    expect(r.stdout).toContain("Apply 1 fix (1 in the cluster)? [y/N]");
    expect(r.stdout).toContain("Nothing was changed.");
    expect(r.code).toBe(1);
    expect(await restartedAt()).not.toContain("kubectl.kubernetes.io/restartedAt");
  });

  it.skipIf(!hasScript)("applies after y, then runs the doctor again", async () => {
    const r = await onTerminal(["fix", "-n", "shop", "--check", "pod-not-mutated", "--no-color"], "y\n");
    expect(r.stdout).toContain("Apply 1 fix (1 in the cluster)? [y/N]");
    expect(r.stdout).toMatch(/applied {4}Deployment shop\/notifier restarted: its pods are being replaced/);
    expect(r.stdout).toContain("Fixed 1 finding; 0 findings remain.");
    expect(r.code).toBe(0);
    expect(await restartedAt()).toContain("kubectl.kubernetes.io/restartedAt");
  });

  /** The CLI on a pseudo-terminal, each answer typed once its question shows. */
  async function answering(cliArgs: string[], answers: [RegExp, string][]) {
    const command = `stty cols 200 rows 40 && exec ${[...(await cliCommand()), ...cliArgs].map(quote).join(" ")}`;
    let next = 0;
    return run("script", ["-qfec", command, "/dev/null"], {
      env: { ...world.env, TERM: "xterm-256color" },
      typing: true,
      onStdout: (all, child) => {
        while (next < answers.length && answers[next]![0].test(all)) child.stdin!.write(`${answers[next++]![1]}\r`);
      },
    });
  }

  it.skipIf(!hasScript)("asks which identity a ServiceAccount should use, and sets it up with the answer", async () => {
    const r = await answering(
      ["fix", "-n", "analytics", "--check", "sa-client-id-not-guid", "--no-color"],
      [
        [/which managed identity should it use \(name or client id\)\? /, "id-ingest"],
        [/\[y\/N\] /, "y"],
      ],
    );
    expect(r.stdout).toContain("One finding needs your choice (Enter skips):");
    expect(r.stdout).toContain("fix: Set ServiceAccount analytics/dashboard up for identity id-ingest");
    expect(r.stdout).toContain("Apply 1 fix (1 in the cluster, 1 in Azure)? [y/N]");
    expect(r.stdout).toMatch(/applied {4}ServiceAccount analytics\/dashboard patched/);
    expect(r.stdout).toMatch(/applied {4}federated credential "analytics-dashboard" of identity id-ingest: created/);
    expect(r.stdout).toContain("Fixed 1 finding; 0 findings remain.");
    expect(r.code).toBe(0);
    const clientId = world.scenario.azure.identities.find((i) => i.name === "id-ingest")!.clientId;
    const sa = await run("kubectl", ["--kubeconfig", world.kubeconfigPath, "get", "serviceaccount", "dashboard", "-n", "analytics", "-o", "jsonpath={.metadata.annotations.azure\\.workload\\.identity/client-id}"]);
    expect(sa.stdout).toBe(clientId);
  });

  it.skipIf(!hasScript)("Enter skips a choice: nothing is guessed, and the finding says how to make it", async () => {
    const r = await answering(["fix", "-n", "analytics", "--check", "rbac-no-assignment", "--no-color"], [[/which role does its workload need \(e\.g\. Key Vault Secrets User\)\? /, ""]]);
    expect(r.stdout).toContain("Nothing wid can fix on its own: each finding below needs you.");
    expect(r.stdout).toContain("or let wid do it once you know: kubectl wid setup -n analytics --service-account");
    expect(r.stdout).not.toContain("Applying");
    // a warning is left, below --fail-on error
    expect(r.code).toBe(0);
  });
});
