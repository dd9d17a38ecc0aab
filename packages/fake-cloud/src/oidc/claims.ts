import { randomUUID } from "node:crypto";

export interface ServiceAccountTokenRequest {
  issuer: string;
  namespace: string;
  serviceAccount: { name: string; uid: string };
  /** The pod the token is bound to (projected volumes bind it); omitted for plain TokenRequests. */
  pod?: { name: string; uid: string };
  /** The pod's node, which bound tokens name since Kubernetes 1.29. */
  node?: { name: string; uid: string };
  audiences: string[];
  expirationSeconds: number;
  /** Unix seconds; now when omitted. */
  now?: number;
}

/**
 * The claims a kube-apiserver puts in a TokenRequest token, in its order: aud, exp, iat, iss, jti,
 * kubernetes.io, nbf, sub.
 */
export function serviceAccountTokenClaims(r: ServiceAccountTokenRequest): Record<string, unknown> {
  const now = r.now ?? Math.floor(Date.now() / 1000);
  const kubernetes: Record<string, unknown> = { namespace: r.namespace };
  if (r.node) kubernetes["node"] = { ...r.node };
  if (r.pod) kubernetes["pod"] = { ...r.pod };
  kubernetes["serviceaccount"] = { ...r.serviceAccount };
  return {
    aud: [...r.audiences],
    exp: now + r.expirationSeconds,
    iat: now,
    iss: r.issuer,
    jti: randomUUID(),
    "kubernetes.io": kubernetes,
    nbf: now,
    sub: `system:serviceaccount:${r.namespace}:${r.serviceAccount.name}`,
  };
}
