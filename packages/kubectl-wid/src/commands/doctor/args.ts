export const OUTPUT_FORMATS = ["text", "json", "yaml", "sarif"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const FAIL_ON = ["error", "warning", "info", "none"] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface DoctorArgs {
  filename: string[];
  azure: string[];
  namespace: string | undefined;
  allNamespaces: boolean;
  kubeconfig: string | undefined;
  context: string | undefined;
  requestTimeout: string | undefined;
  output: OutputFormat;
  failOn: FailOn;
  check: string[];
  skip: string[];
  cluster: string | undefined;
  target: string[];
  verbose: boolean;
  allowEmpty: boolean;
  color: boolean;
  tty: boolean;
}
