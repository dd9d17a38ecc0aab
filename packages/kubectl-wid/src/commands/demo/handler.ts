import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "@wid/core";
import { exportWorld, resolveScenario, ScenarioError, serveWorld, startWorld, untilSignal } from "@wid/fake-cloud";
import type { DemoArgs } from "./args.js";
import { EXIT } from "../../exit-codes.js";
import type { Io } from "../../io.js";
import { styler, wantsColor } from "../../output/style.js";
import { processTerminal } from "../../tui/open-view.js";
import { doctor, openDoctorView } from "../doctor/handler.js";

function asUserError(e: unknown): unknown {
  if (e instanceof ScenarioError) return new UserError(e.message, { hint: e.hint, ...(e.file ? { file: e.file } : {}), ...(e.line ? { line: e.line } : {}) });
  return e;
}

/**
 * `kubectl wid demo`: starts a simulated world. With `--serve` it prints the exports and runs
 * until SIGINT/SIGTERM; without, it runs the doctor on a snapshot of that world and stops it.
 */
export async function demo(args: DemoArgs, io: Io): Promise<number> {
  if (args.saveEnv !== undefined && !args.serve) {
    throw new UserError("--save-env is only used with --serve", { hint: "add --serve to keep the simulated world running" });
  }
  if (args.export !== undefined && args.serve) {
    throw new UserError("--export writes the world's files beside the doctor's report, and --serve runs no doctor", { hint: "use --export without --serve" });
  }
  if (args.export !== undefined) await ensureEmptyFolder(args.export);
  if (args.serve) return serve(args, io);
  const scenario = await resolveScenario(args.scenario).catch((e: unknown) => {
    throw asUserError(e);
  });
  const dir = await mkdtemp(join(tmpdir(), "wid-demo-"));
  const terminal = processTerminal();
  const style = styler(wantsColor(args.color, io.stdoutIsTTY, io.env));
  const view = await openDoctorView(args, io, terminal, style);
  try {
    view.step(`Starting the simulated cluster and Azure (scenario ${scenario.name})`);
    // the SDKs of this process trust the simulation's CA, as NODE_EXTRA_CA_CERTS makes another shell's
    const world = await startWorld(scenario, { dir, trustInProcess: true });
    try {
      if (args.export) await exportWorld(world, args.export);
      const where = args.export ? `\nIts manifests and Azure CLI JSON are in ${args.export}, to run the doctor on offline.` : "";
      view.note(`Simulated cluster "${scenario.cluster.name}" (scenario ${scenario.name}), read live over HTTPS as from a kubeconfig and a sign-in to Azure: ${scenario.description}${where}\n\n`);
      const status = await doctor(
        {
          filename: [],
          azure: [],
          namespace: undefined,
          allNamespaces: true,
          kubeconfig: world.kubeconfigPath,
          context: undefined,
          requestTimeout: undefined,
          subscription: [],
          aksCluster: undefined,
          output: args.output,
          failOn: "none",
          check: [],
          skip: [],
          cluster: undefined,
          target: [],
          allowEmpty: false,
          verbose: false,
          color: args.color,
          tty: args.tty,
          interactive: args.interactive,
        },
        // the world's Azure: its ARM and Entra ID endpoints, subscription and operator principal
        { ...io, env: { ...io.env, ...world.env } },
        { view, terminal },
      );
      // after the report, below its summary: the view lets the terminal go first
      await view.close();
      if (args.output === "text") io.stderr(exploreHint(args.scenario));
      return status;
    } finally {
      await world.close();
    }
  } finally {
    await view.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** How to keep the world running and look around in it. */
function exploreHint(scenario: string): string {
  const flag = scenario === "default" ? "" : ` --scenario ${scenario}`;
  return [
    "",
    `Explore it: \`kubectl wid demo${flag} --serve --save-env /tmp/wid.env\` keeps this world running; in another shell,`,
    "`. /tmp/wid.env` points kubectl and wid at it: `kubectl get pods -A`, `kubectl wid doctor -A`, `kubectl wid status -A`.",
    "(Inside the repository, `pnpm wid` stands for `kubectl wid`.)",
    "",
  ].join("\n");
}

/** The export never overwrites: it goes to a new or empty folder. */
async function ensureEmptyFolder(path: string): Promise<void> {
  const entries = await readdir(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    if (e.code === "ENOTDIR") throw new UserError(`--export ${path}: not a folder`, { hint: "name a new or empty folder" });
    throw new UserError(`--export ${path}: cannot read it (${e.code ?? e.message})`, { hint: "name a new or empty folder" });
  });
  if (entries.length > 0) throw new UserError(`--export ${path}: the folder is not empty`, { hint: "name a new or empty folder, so that no file of yours is overwritten" });
}

async function serve(args: DemoArgs, io: Io): Promise<number> {
  const served = await serveWorld({ scenario: args.scenario, ...(args.saveEnv ? { envFile: args.saveEnv } : {}) }).catch((e: unknown) => {
    throw asUserError(e);
  });
  const { world } = served;
  if (args.saveEnv) {
    io.stderr(
      `Serving scenario ${world.scenario.name} (cluster ${world.scenario.cluster.name}).\nIn another shell: . ${args.saveEnv}, then kubectl get pods -A, kubectl wid doctor -A, kubectl wid status -A (pnpm wid inside the repository)\nCtrl-C stops it.\n`,
    );
  } else {
    io.stdout(served.exports);
    io.stderr(`Serving scenario ${world.scenario.name}. Ctrl-C stops it.\n`);
  }
  const signal = await untilSignal();
  await served.close();
  io.stderr(`Stopped (${signal}).\n`);
  return EXIT.ok;
}
