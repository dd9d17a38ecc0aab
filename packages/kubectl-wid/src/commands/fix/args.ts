import type { FailOn } from "../doctor/args.js";
import type { InputArgs } from "../../inputs.js";

/** What `fix` reads (manifests with -f, else the live cluster and Azure, as the doctor reads them) and how it applies. */
export interface FixArgs extends InputArgs {
  check: string[];
  skip: string[];
  dryRun: boolean;
  allowEmpty: boolean;
  yes: boolean;
  failOn: FailOn;
  color: boolean;
  tty: boolean;
}
