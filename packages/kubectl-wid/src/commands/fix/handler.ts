import type { Io } from "../../io.js";
import type { FixArgs } from "./args.js";

/** `kubectl wid fix`: manifest files with -f, else the live cluster and Azure. */
export async function fix(args: FixArgs, io: Io): Promise<number> {
  if (args.filename.length > 0) {
    const { fixFiles } = await import("./files.js");
    return fixFiles(args, io);
  }
  const { fixLive } = await import("./live.js");
  return fixLive(args, io);
}
