import type { InputArgs } from "../../inputs.js";

export const STATUS_FORMATS = ["text", "json"] as const;
export type StatusFormat = (typeof STATUS_FORMATS)[number];

export interface StatusArgs extends InputArgs {
  output: StatusFormat;
  color: boolean;
  tty: boolean;
}
