import { allChecks } from "@wid/core/checks";
import type { ChecksArgs } from "./args.js";
import { EXIT } from "../../exit-codes.js";
import type { Io } from "../../io.js";
import { checkRow, renderCheckTable } from "../../output/check-list.js";

export async function checks(args: ChecksArgs, io: Io): Promise<number> {
  const rows = allChecks.map((c) => checkRow(c.meta, c.detect !== undefined));
  io.stdout(args.output === "json" ? JSON.stringify(rows, null, 2) + "\n" : renderCheckTable(rows));
  return EXIT.ok;
}
