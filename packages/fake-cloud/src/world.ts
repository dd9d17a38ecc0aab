import type { CertificateAuthority } from "./tls/ca.js";
import type { Scenario, ScenarioInput } from "./scenario/types.js";

export interface StartWorldOptions {
  /** Directory for the kubeconfig and CA file; a fresh temporary directory when omitted. */
  dir?: string;
  /** Reuse a CA (tests that start several worlds); a new one when omitted. */
  ca?: CertificateAuthority;
}

/**
 * A running world. `env` is what a shell needs to point kubectl and wid at it:
 * - `KUBECONFIG`: the generated kubeconfig (context of the admin user is current);
 * - `NODE_EXTRA_CA_CERTS`: the CA file, so Node clients trust every fake;
 * - `WID_ARM_ENDPOINT`: the fake ARM, used by wid in place of https://management.azure.com;
 * - `AZURE_AUTHORITY_HOST`: the fake Entra ID, in place of https://login.microsoftonline.com/;
 * - `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`: the scenario's first principal,
 *   so @azure/identity's EnvironmentCredential signs in to the fake Entra ID;
 * - `AZURE_SUBSCRIPTION_ID`: the scenario's default subscription;
 * - `WID_OIDC_ISSUER`: the cluster's issuer URL.
 */
export interface World {
  scenario: Scenario;
  ca: CertificateAuthority;
  caFile: string;
  kubeconfigPath: string;
  urls: { kube: string; arm?: string; authorityHost?: string; issuer: string };
  /** Bearer token per kube user, `admin` included. */
  tokens: Record<string, string>;
  env: Record<string, string>;
  close(): Promise<void>;
}

export type StartWorld = (scenario: Scenario | ScenarioInput, opts?: StartWorldOptions) => Promise<World>;
