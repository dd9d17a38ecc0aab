import type { AzureLiveArgs } from "../../live/azure-options.js";

export const SETUP_OUTPUTS = ["text", "yaml"] as const;
export type SetupOutput = (typeof SETUP_OUTPUTS)[number];

/** `kubectl wid setup`: which ServiceAccount, which identity (found or created), which role, and how to apply. */
export interface SetupArgs extends AzureLiveArgs {
  namespace: string | undefined;
  serviceAccount: string;
  identity: string;
  createIdentity: boolean;
  resourceGroup: string | undefined;
  location: string | undefined;
  role: string | undefined;
  scope: string | undefined;
  overwrite: boolean;
  kubeconfig: string | undefined;
  context: string | undefined;
  requestTimeout: string | undefined;
  dryRun: boolean;
  yes: boolean;
  output: SetupOutput;
  color: boolean;
  tty: boolean;
}
