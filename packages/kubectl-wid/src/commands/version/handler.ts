import { COMMIT, VERSION } from "../../build-info.js";
import { EXIT } from "../../exit-codes.js";
import type { Io } from "../../io.js";
import type { VersionArgs } from "./args.js";
import { platform, runtime, type Runtime } from "./runtime.js";

export async function version(args: VersionArgs, io: Io): Promise<number> {
  const info = { version: VERSION, commit: COMMIT, platform: platform(), runtime: runtime() };
  if (args.output === "json") {
    io.stdout(JSON.stringify(info, null, 2) + "\n");
    return EXIT.ok;
  }
  io.stdout(
    [
      `kubectl-wid ${info.version}`,
      `commit:   ${info.commit}`,
      `platform: ${info.platform.os}/${info.platform.arch}`,
      `runtime:  ${describeRuntime(info.runtime)}`,
    ].join("\n") + "\n",
  );
  return EXIT.ok;
}

function describeRuntime(r: Runtime): string {
  const name = r.name === "bun" ? `Bun ${r.version} (Node.js ${r.nodeVersion} APIs)` : `Node.js ${r.version}`;
  return r.singleExecutable ? `${name}, single executable` : name;
}
