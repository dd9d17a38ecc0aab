import type { CertificateAuthority } from "./tls/ca.js";
import type { AzureSpec, AzureFaults, IssuerSpec, LatencySpec } from "./scenario/types.js";

/**
 * Signs service account tokens the way a cluster's OIDC issuer key does (RS256, with a `kid`
 * published in the issuer's JWKS). The kube-apiserver's TokenRequest calls it.
 */
export interface TokenSigner {
  /** The `iss` claim: exactly the issuer URL, trailing slash included when the scenario has one. */
  issuer: string;
  /** Signs the claims as given; the caller sets iss, sub, aud, exp, iat, nbf, jti and kubernetes.io. */
  signServiceAccountToken(claims: Record<string, unknown>): Promise<string>;
}

/** A started fake: where it listens and how to stop it. */
export interface RunningService {
  url: string;
  close(): Promise<void>;
}

/** What `startIssuer` (src/oidc) returns: the served issuer plus the key that signs its tokens. */
export interface RunningIssuer extends RunningService, TokenSigner {
  /** `${issuer}openid/v1/jwks` (or with a `/` inserted when the issuer has no trailing slash). */
  jwksUri: string;
}

export interface StartIssuerOptions {
  ca: CertificateAuthority;
  spec: IssuerSpec;
  latency?: LatencySpec;
}

/** What `startAzure` (src/arm + src/entra) returns. ARM and Entra ID share one mutable state. */
export interface RunningAzure {
  /** ARM endpoint, e.g. `https://127.0.0.1:PORT` (in place of https://management.azure.com). */
  armUrl: string;
  /** Entra ID authority host, e.g. `https://127.0.0.1:PORT/` (in place of https://login.microsoftonline.com/). */
  authorityHost: string;
  close(): Promise<void>;
}

export interface StartAzureOptions {
  ca: CertificateAuthority;
  /** Placeholders (`{{issuer}}`, ...) already resolved. */
  azure: AzureSpec;
  faults?: AzureFaults;
  latency?: LatencySpec;
}

export type StartIssuer = (opts: StartIssuerOptions) => Promise<RunningIssuer>;
export type StartAzure = (opts: StartAzureOptions) => Promise<RunningAzure>;
