import type { DataGap } from "../../model/finding.js";
import type { IssuerEvidence } from "../../model/runtime.js";
import { checkIssuer } from "./evidence.js";
import { kubeConfigOf, type KubeInput } from "./kubeconfig.js";
import { mintServiceAccountToken, type MintedToken } from "./mint.js";

export interface IssuerEvidenceOptions {
  /** The issuer URL as AKS states it (`oidcIssuerProfile.issuerURL`); else the `iss` of a minted token. */
  issuer?: string;
  /** The cluster to mint a token from; no token is minted without it. */
  kube?: KubeInput;
  /** The ServiceAccount to mint the token for; `default/default`, which every namespace has, by default. */
  serviceAccount?: { namespace: string; name: string };
  /** Per request; 10 s by default. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The issuer's evidence, or why there is none (the data key `runtime.issuer` then has this gap). */
export type IssuerLoad = { evidence: IssuerEvidence; requests: number; tokenGap?: DataGap } | { evidence: undefined; requests: number; gap: DataGap };

/**
 * Runtime evidence about the cluster's OIDC issuer: a token minted through TokenRequest (when a
 * cluster is given and the user may), the discovery document and key set the issuer serves, and
 * whether those keys verify the token. Without an issuer URL from AKS or from a minted token
 * there is nothing to fetch, and the gap says why.
 */
export async function loadIssuerEvidence(opts: IssuerEvidenceOptions): Promise<IssuerLoad> {
  let minted: MintedToken | undefined;
  let tokenGap: DataGap | undefined;
  let requests = 0;
  if (opts.kube) {
    const sa = opts.serviceAccount ?? { namespace: "default", name: "default" };
    requests++;
    const r = await mintServiceAccountToken(kubeConfigOf(opts.kube), sa.namespace, sa.name, { timeoutMs: opts.timeoutMs ?? 10_000 });
    if (r.ok) minted = r.minted;
    else tokenGap = r.gap;
  }
  const issuer = opts.issuer ?? minted?.claims.iss;
  if (!issuer) return { evidence: undefined, requests, gap: tokenGap ?? { code: "not-given" } };
  const checked = await checkIssuer(issuer, minted, { ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  return { evidence: checked.evidence, requests: requests + checked.requests, ...(tokenGap ? { tokenGap } : {}) };
}
