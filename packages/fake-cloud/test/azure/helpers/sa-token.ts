import { randomUUID } from "node:crypto";
import type { TokenSigner } from "../../../src/contracts.js";
import { serviceAccountTokenClaims } from "../../../src/oidc/index.js";

export interface SaTokenOptions {
  namespace?: string;
  serviceAccount?: string;
  audience?: string[];
  /** Seconds from issue to expiry. */
  expiresIn?: number;
  /** Seconds added to "now" for iat/nbf (negative: issued in the past). */
  issuedOffset?: number;
}

/** A projected service account token for a pod, as the kube-apiserver mints it with this issuer's key. */
export function mintServiceAccountToken(signer: TokenSigner, o: SaTokenOptions = {}): Promise<string> {
  const serviceAccount = o.serviceAccount ?? "orders";
  return signer.signServiceAccountToken(
    serviceAccountTokenClaims({
      issuer: signer.issuer,
      namespace: o.namespace ?? "apps",
      serviceAccount: { name: serviceAccount, uid: randomUUID() },
      pod: { name: `${serviceAccount}-7d9f8b6c5-x2x4z`, uid: randomUUID() },
      node: { name: "aks-nodepool1-12345678-vmss000000", uid: randomUUID() },
      audiences: o.audience ?? ["api://AzureADTokenExchange"],
      expirationSeconds: o.expiresIn ?? 3600,
      now: Math.floor(Date.now() / 1000) + (o.issuedOffset ?? 0),
    }),
  );
}
