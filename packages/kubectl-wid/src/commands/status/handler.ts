import { identityChains, runChecks } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { EXIT } from "../../exit-codes.js";
import { checkClusterName, loadInputs } from "../../inputs.js";
import type { Io } from "../../io.js";
import { formatProblem } from "../../output/location.js";
import { renderStatusJson, renderStatusText } from "../../output/status.js";
import { styler, wantsColor } from "../../output/style.js";
import { unreadItems } from "../../output/unread.js";
import { openDoctorView } from "../doctor/handler.js";
import { processTerminal, type Terminal } from "../../tui/open-view.js";
import type { StatusArgs } from "./args.js";

/**
 * `kubectl wid status`: reads what doctor reads, runs the checks, and shows each workload's
 * chain, every link ok, broken (with the ids of the findings that break it) or unknown (why).
 */
export async function status(args: StatusArgs, io: Io, run: { terminal?: Terminal } = {}): Promise<number> {
  const style = styler(wantsColor(args.color, io.stdoutIsTTY, io.env));
  const view = await openDoctorView({ output: args.output, tty: args.tty }, io, run.terminal ?? processTerminal(), style);
  try {
    const { snapshot, cluster } = await loadInputs(args, io, view);
    if (args.cluster !== undefined) checkClusterName(snapshot, args.cluster);
    await view.checking(snapshot.objects.length, 0);
    const report = runChecks(snapshot, allChecks);
    const chains = identityChains(snapshot, report);
    const problems = snapshot.coverage.problems.filter((p) => p.severity !== "info");
    const unread = snapshot.coverage.live ? unreadItems(snapshot.coverage.live) : undefined;
    if (problems.length) view.note(problems.map(formatProblem).join("\n") + "\n");
    await view.report(args.output === "json" ? renderStatusJson(chains, unread) : renderStatusText(chains, { style, ...(unread ? { unread } : {}), ...(cluster ? { cluster } : {}) }));
    return problems.some((p) => p.severity === "error") ? EXIT.usage : EXIT.ok;
  } finally {
    await view.close();
  }
}
