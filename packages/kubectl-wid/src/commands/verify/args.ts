import type { AzureLiveArgs } from "../../live/azure-options.js";

export const VERIFY_OUTPUTS = ["text", "json"] as const;
export type VerifyOutput = (typeof VERIFY_OUTPUTS)[number];

export interface VerifyArgs extends AzureLiveArgs {
  serviceAccount: string;
  namespace: string | undefined;
  scope: string | undefined;
  kubeconfig: string | undefined;
  context: string | undefined;
  output: VerifyOutput;
  color: boolean;
}
