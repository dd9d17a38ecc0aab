import type { OutputFormat } from "../doctor/args.js";

export interface DemoArgs {
  scenario: string;
  serve: boolean;
  saveEnv: string | undefined;
  export: string | undefined;
  output: OutputFormat;
  color: boolean;
  tty: boolean;
  interactive: boolean;
}
