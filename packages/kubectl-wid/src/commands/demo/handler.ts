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
  if (args.envFile !== undefined && !args.serve) {
    throw new UserError("--env-file is only used with --serve", { hint: "add --serve to keep the simulated world running" });
  }
  if (args.export !== undefined && args.serve) {
    throw new UserError("--export writes the files the doctor's report points at, and --serve runs no doctor", { hint: "use --export without --serve" });
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
    const world = await startWorld(scenario, { dir });
    try {
      view.step("Exporting its manifests and Azure CLI JSON");
      const exported = await exportWorld(world, args.export ?? join(dir, "export"));
      const where = args.export
        ? `Its manifests and Azure CLI JSON are in ${args.export}: the report's locations point there.`
        : "Its manifests and Azure CLI JSON are written to a temporary folder for this run (--export DIR keeps them).";
      view.note(`Simulated cluster "${scenario.cluster.name}" (scenario ${scenario.name}): ${scenario.description}\n${where}\n\n`);
      await doctor(
        {
          filename: [exported.manifests],
          azure: [exported.azure],
          namespace: undefined,
          allNamespaces: true,
          kubeconfig: undefined,
          context: undefined,
          output: args.output,
          failOn: "none",
          check: [],
          skip: [],
          cluster: scenario.cluster.name,
          target: [],
          allowEmpty: false,
        verbose: false,
          color: args.color,
          tty: args.tty,
        },
        io,
        { view, terminal },
      );
      return EXIT.ok;
    } finally {
      await world.close();
    }
  } finally {
    await view.close();
    await rm(dir, { recursive: true, force: true });
  }
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
  const served = await serveWorld({ scenario: args.scenario, ...(args.envFile ? { envFile: args.envFile } : {}) }).catch((e: unknown) => {
    throw asUserError(e);
  });
  const { world } = served;
  if (args.envFile) {
    io.stderr(`Serving scenario ${world.scenario.name} (cluster ${world.scenario.cluster.name}).\nIn another shell: . ${args.envFile} && kubectl get pods -A\nCtrl-C stops it.\n`);
  } else {
    io.stdout(served.exports);
    io.stderr(`Serving scenario ${world.scenario.name}. Ctrl-C stops it.\n`);
  }
  const signal = await untilSignal();
  await served.close();
  io.stderr(`Stopped (${signal}).\n`);
  return EXIT.ok;
}
