import { ApiException, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { decodeJwt } from "jose";
import type { DataGap } from "../../model/finding.js";
import { WI } from "../../wi.js";
import { formatDuration } from "../../util/duration.js";

export interface MintedToken {
  /** The token itself: kept in memory to verify or exchange it, never stored or printed. */
  token: string;
  claims: { iss: string; sub: string; aud: string[]; exp: number; iat: number };
}

export interface MintOptions {
  audience?: string;
  /** 600 s, the shortest the API server allows, by default. */
  expirationSeconds?: number;
  timeoutMs?: number;
}

/**
 * Asks the API server for a ServiceAccount token through TokenRequest (as `kubectl create token`
 * does), with the audience workload identity uses. A failure is a gap, not an error: a user who may
 * not create tokens still gets every other check.
 */
export async function mintServiceAccountToken(kc: KubeConfig, namespace: string, name: string, opts: MintOptions = {}): Promise<{ ok: true; minted: MintedToken } | { ok: false; gap: Extract<DataGap, { resource: string }> }> {
  const resource = `serviceaccounts/token of ${namespace}/${name}`;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const core = kc.makeApiClient(CoreV1Api);
  let timer: NodeJS.Timeout | undefined;
  try {
    const request = core.createNamespacedServiceAccountToken({
      name,
      namespace,
      body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { audiences: [opts.audience ?? WI.audience], expirationSeconds: opts.expirationSeconds ?? 600 } },
    });
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    request.catch(() => undefined);
    const answer = await Promise.race([request, timeout]);
    if (answer === "timeout") return { ok: false, gap: { code: "timeout", resource, namespace, detail: `no answer within ${formatDuration(timeoutMs)}` } };
    const token = answer.status?.token;
    if (!token) return { ok: false, gap: { code: "unavailable", resource, namespace, detail: "the API server answered without a token" } };
    return { ok: true, minted: { token, claims: claimsOf(token) } };
  } catch (err) {
    return { ok: false, gap: kubeFailure(err, resource, namespace) };
  } finally {
    clearTimeout(timer);
  }
}

function claimsOf(token: string): MintedToken["claims"] {
  const c = decodeJwt(token);
  const aud = typeof c.aud === "string" ? [c.aud] : Array.isArray(c.aud) ? c.aud : [];
  return { iss: c.iss ?? "", sub: c.sub ?? "", aud, exp: c.exp ?? 0, iat: c.iat ?? 0 };
}

function kubeFailure(err: unknown, resource: string, namespace: string): Extract<DataGap, { resource: string }> {
  if (err instanceof ApiException) {
    const status = statusMessage(err.body);
    if (err.code === 403) return { code: "forbidden", resource, namespace, ...(status ? { detail: status } : {}) };
    if (err.code === 404) return { code: "not-found", resource, namespace, ...(status ? { detail: status } : {}) };
    return { code: "unavailable", resource, namespace, detail: `the API server answered ${err.code}${status ? `: ${status}` : ""}` };
  }
  const e = err as { code?: string; message?: string };
  return { code: "unavailable", resource, namespace, detail: `cannot reach the API server: ${e.code ?? (e.message ?? String(err)).split("\n")[0]}` };
}

/** The `message` of a Kubernetes Status body (client-node gives the body as a string). */
function statusMessage(body: unknown): string | undefined {
  try {
    const s = (typeof body === "string" ? JSON.parse(body) : body) as { message?: unknown };
    return typeof s?.message === "string" ? s.message : undefined;
  } catch {
    return undefined;
  }
}
