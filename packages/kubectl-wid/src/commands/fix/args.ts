import type { FailOn } from "../doctor/args.js";

export interface FixArgs {
  filename: string[];
  azure: string[];
  namespace: string | undefined;
  cluster: string | undefined;
  target: string[];
  check: string[];
  skip: string[];
  dryRun: boolean;
  allowEmpty: boolean;
  yes: boolean;
  failOn: FailOn;
  color: boolean;
  tty: boolean;
}
