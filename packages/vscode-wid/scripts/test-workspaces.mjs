// The workspaces the integration tests open, made fresh in a temporary folder for each run (the
// tests edit files): the fixture manifests, and the simulated cluster's objects and Azure CLI
// exports (fake-cloud's default scenario) as `cloud/`.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultScenario, exportWorld, startWorld } from "@wid/fake-cloud";

const FIXTURES = join(import.meta.dirname, "..", "test", "fixtures");

/** A kubeconfig whose exec plugin leaves a file behind when anything runs it. */
function trapKubeconfig(marker) {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: trap",
    "    cluster:",
    "      server: https://127.0.0.1:9",
    "users:",
    "  - name: trap",
    "    user:",
    "      exec:",
    "        apiVersion: client.authentication.k8s.io/v1",
    "        command: sh",
    `        args: ["-c", "touch '${marker}'"]`,
    "        interactiveMode: Never",
    "contexts:",
    "  - name: exec-context",
    "    context: { cluster: trap, user: trap }",
    "current-context: exec-context",
    "",
  ].join("\n");
}

/**
 * Makes the workspaces under `dir`: `trusted-workspace` (the fixtures, the simulated cluster),
 * `untrusted-workspace` (the same cluster, settings naming a kubeconfig whose exec plugin must
 * never run) and `vsix-workspace` (one manifest, no settings). The simulated world keeps running
 * (the caller closes it): the tests read its Azure live, as a signed-in user would.
 */
export async function prepareWorkspaces(dir, log = () => {}) {
  const trusted = join(dir, "trusted-workspace");
  const untrusted = join(dir, "untrusted-workspace");
  const plain = join(dir, "vsix-workspace");
  cpSync(join(FIXTURES, "workspace"), trusted, { recursive: true });
  cpSync(join(FIXTURES, "untrusted"), untrusted, { recursive: true });
  cpSync(join(FIXTURES, "plain"), plain, { recursive: true });

  log("starting the simulated cluster and Azure (fake-cloud, default scenario)");
  const world = await startWorld(defaultScenario(), { dir: join(dir, "fake-cloud") });
  try {
    await exportWorld(world, join(trusted, "cloud"));
  } catch (e) {
    await world.close();
    throw e;
  }
  cpSync(join(trusted, "cloud"), join(untrusted, "cloud"), { recursive: true });

  const marker = join(untrusted, "exec-plugin-ran");
  const kubeconfig = join(untrusted, "kubeconfig.yaml");
  writeFileSync(kubeconfig, trapKubeconfig(marker));
  mkdirSync(join(untrusted, ".vscode"), { recursive: true });
  return { trusted, untrusted, plain, untrustedKubeconfig: kubeconfig, marker, world };
}
