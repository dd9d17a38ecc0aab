import type { InputArgs } from "../../inputs.js";

export const OUTPUT_FORMATS = ["text", "json", "yaml", "sarif"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const FAIL_ON = ["error", "warning", "info", "none"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** What the doctor reads (the inputs shared with status), and how it reports. */
export interface DoctorArgs extends InputArgs {
  output: OutputFormat;
  failOn: FailOn;
  check: string[];
  skip: string[];
  verbose: boolean;
  allowEmpty: boolean;
  color: boolean;
  tty: boolean;
  /** Browse the findings on a terminal (false with --no-interactive: the report is printed). */
  interactive: boolean;
}
