import { closest, renderCheckDoc, UserError } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import type { ExplainArgs } from "./args.js";
import { EXIT } from "../../exit-codes.js";
import type { Io } from "../../io.js";

export async function explain(args: ExplainArgs, io: Io): Promise<number> {
  const check = allChecks.find((c) => c.meta.id === args.id);
  if (!check) {
    const near = closest(args.id, allChecks.map((c) => c.meta.id), 6).slice(0, 3);
    throw new UserError(`unknown check id "${args.id}"`, {
      hint: `${near.length ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}? ` : ""}\`kubectl wid checks\` lists every id`,
    });
  }
  io.stdout(renderCheckDoc(check.meta, check.detect !== undefined));
  return EXIT.ok;
}
