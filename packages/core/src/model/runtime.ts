/**
 * Runtime evidence: what the cluster and the issuer say while workloads run. Sources load it
 * (events and recent log lines from a live cluster, the issuer's documents over HTTPS, the claims
 * of a minted token); checks judge it like any other data. Every text here is redacted by the
 * source before it is stored: a token, key or secret never reaches a check or an output.
 */

/** A Kubernetes event (core/v1 or events.k8s.io/v1), reduced to what checks read. */
export interface KubeEvent {
  namespace: string | undefined;
  /** The object the event is about (`involvedObject` / `regarding`). */
  involvedObject: { kind: string; name: string; namespace?: string; uid?: string };
  reason: string;
  /** Redacted. */
  message: string;
  type: "Normal" | "Warning" | string;
  count: number;
  /** ISO time of the last occurrence, when known. */
  lastTimestamp: string | undefined;
}

/** Recent lines of one container's log (only pods that use workload identity are read). */
export interface LogExcerpt {
  namespace: string;
  pod: string;
  container: string;
  /** The workload that owns the pod, when known (Deployment, StatefulSet, ...). */
  owner?: { kind: string; name: string };
  /** Redacted lines, oldest first. */
  lines: { text: string; time?: string }[];
}

/** What the cluster's OIDC issuer served, checked over HTTPS. */
export interface IssuerEvidence {
  /** The issuer URL as the cluster (or AKS) states it. */
  issuer: string;
  discovery:
    | { ok: true; url: string; issuer: string; jwksUri: string }
    | { ok: false; url: string; status?: number; error: string };
  jwks: { ok: true; url: string; keyIds: string[] } | { ok: false; url: string; status?: number; error: string } | undefined;
  /** A token minted through TokenRequest and verified against the JWKS, when one was minted. */
  token?: { verified: boolean; error?: string; claims: { iss: string; sub: string; aud: string[]; exp: number; iat: number } };
}

export interface RuntimeState {
  events: KubeEvent[];
  logs: LogExcerpt[];
  issuers: IssuerEvidence[];
}

export function emptyRuntimeState(): RuntimeState {
  return { events: [], logs: [], issuers: [] };
}
