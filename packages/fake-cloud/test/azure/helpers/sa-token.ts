import { randomUUID } from "node:crypto";
import type { TokenSigner } from "../../../src/contracts.js";

export interface SaTokenOptions {
  namespace?: string;
  serviceAccount?: string;
  audience?: string[];
  /** Seconds from now to expiry. */
  expiresIn?: number;
  /** Seconds added to "now" for iat/nbf (negative: issued in the past). */
  issuedOffset?: number;
  issuer?: string;
}

/** The claims a kube-apiserver's TokenRequest puts in a projected service account token. */
export function serviceAccountClaims(signer: TokenSigner, o: SaTokenOptions = {}): Record<string, unknown> {
  const namespace = o.namespace ?? "apps";
  const serviceAccount = o.serviceAccount ?? "orders";
  const now = Math.floor(Date.now() / 1000) + (o.issuedOffset ?? 0);
  return {
    aud: o.audience ?? ["api://AzureADTokenExchange"],
    exp: now + (o.expiresIn ?? 3600),
    iat: now,
    iss: o.issuer ?? signer.issuer,
    jti: randomUUID(),
    "kubernetes.io": {
      namespace,
      node: { name: "aks-nodepool1-12345678-vmss000000", uid: randomUUID() },
      pod: { name: `${serviceAccount}-7d9f8b6c5-x2x4z`, uid: randomUUID() },
      serviceaccount: { name: serviceAccount, uid: randomUUID() },
    },
    nbf: now,
    sub: `system:serviceaccount:${namespace}:${serviceAccount}`,
  };
}

export function mintServiceAccountToken(signer: TokenSigner, o: SaTokenOptions = {}): Promise<string> {
  return signer.signServiceAccountToken(serviceAccountClaims(signer, o));
}
