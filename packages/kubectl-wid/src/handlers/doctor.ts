import { closest, loadOfflineSnapshot, runChecks, UserError, type InputProblem, type Report, type Snapshot, type SnapshotOptions } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { DOCS_URL, VERSION } from "../build-info.js";
import type { DoctorArgs } from "../commands/doctor.js";
import { EXIT } from "../exit-codes.js";
import type { Io } from "../io.js";
import { exitCodeFor } from "../output/fail-on.js";
import { renderJson } from "../output/json.js";
import { formatProblem } from "../output/location.js";
import { renderSarif } from "../output/sarif.js";
import { styler, wantsColor } from "../output/style.js";
import { renderText } from "../output/text.js";

const INPUT_HINT = "check manifests with -f (a file, a directory, or - for stdin) and Azure CLI exports with --azure";

/** `kubectl wid doctor`: load the inputs, run the checks, print the report; returns the exit status. */
export async function doctor(args: DoctorArgs, io: Io): Promise<number> {
  if (args.kubeconfig !== undefined || args.context !== undefined) {
    throw new UserError(`reading a live cluster (${args.context !== undefined ? "--context" : "--kubeconfig"}) is not available in this version of wid`, { hint: INPUT_HINT });
  }
  if (args.filename.length === 0 && args.azure.length === 0) {
    throw new UserError("nothing to check: no manifests (-f) and no Azure CLI exports (--azure)", { hint: `${INPUT_HINT}; reading a live cluster is not available yet` });
  }
  const options: SnapshotOptions = {
    ...(args.cluster !== undefined ? { clusterName: args.cluster } : {}),
    ...(args.target.length ? { targets: args.target } : {}),
  };
  const snapshot = await loadOfflineSnapshot({
    manifests: args.filename,
    azure: args.azure,
    ...(args.namespace !== undefined ? { defaultNamespace: args.namespace } : {}),
    stdin: io.stdin,
    options,
  });
  if (args.cluster !== undefined) checkClusterName(snapshot, args.cluster);
  const report = runChecks(snapshot, allChecks, { only: args.check, skip: args.skip });
  const problems = snapshot.coverage.problems;

  const shown = args.verbose ? problems : problems.filter((p) => p.severity !== "info");
  if (shown.length) io.stderr(shown.map(formatProblem).join("\n") + "\n");
  io.stdout(await render(report, problems, args, io));

  if (problems.some((p) => p.severity === "error")) return EXIT.usage;
  return exitCodeFor(report, args.failOn);
}

/** `--cluster` must name one of the exported AKS clusters, when clusters were exported. */
function checkClusterName(snapshot: Snapshot, name: string): void {
  const names = snapshot.azure.clusters.map((c) => c.name);
  if (names.length === 0 || names.some((n) => n.toLowerCase() === name.toLowerCase())) return;
  const near = closest(name, names, 4).slice(0, 1);
  throw new UserError(`--cluster ${name}: no exported AKS cluster has that name`, {
    hint: `${near.length ? `did you mean "${near[0]}"? ` : ""}the exports hold: ${names.join(", ")}`,
  });
}

async function render(report: Report, problems: readonly InputProblem[], args: DoctorArgs, io: Io): Promise<string> {
  switch (args.output) {
    case "json":
      return renderJson(report, problems);
    case "yaml": {
      const { renderYaml } = await import("../output/yaml.js");
      return renderYaml(report, problems);
    }
    case "sarif":
      return renderSarif(report, problems, {
        checks: allChecks.map((c) => ({ meta: c.meta, implemented: c.detect !== undefined })),
        version: VERSION,
        cwd: io.cwd,
        docsBaseUrl: DOCS_URL,
      });
    case "text":
      return renderText(report, { style: styler(wantsColor(args.color, io.stdoutIsTTY, io.env)), verbose: args.verbose, problems });
  }
}
