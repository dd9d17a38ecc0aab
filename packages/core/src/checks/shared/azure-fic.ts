import type { FederatedCredential, ManagedCluster } from "../../model/azure.js";
import { addTo } from "../../util/multimap.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import { editDistance } from "../../util/text.js";
import { WI } from "../../wi.js";
import { boundServiceAccounts, type IdentityBinding } from "./azure-bindings.js";

/** The cluster's OIDC issuer URL, when one cluster is chosen and it has an issuer. */
export function clusterIssuer(index: SnapshotIndex): string | undefined {
  return index.cluster?.issuerUrl;
}

/** True when two issuers differ only by trailing slashes (Entra compares issuers exactly). */
export function trailingSlashOnly(a: string, b: string): boolean {
  return a !== b && a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
}

export function acceptsWebhookAudience(f: FederatedCredential): boolean {
  return f.audiences.includes(WI.audience);
}

/** FICs of the binding's identity whose subject is exactly the ServiceAccount's. */
export function exactSubjectFics(index: SnapshotIndex, b: IdentityBinding): FederatedCredential[] {
  return b.identity ? index.ficsOf(b.identity).filter((f) => f.subject === b.subject) : [];
}

/** FICs that match the tokens of the binding: exact subject, and exact issuer when the cluster's is known. */
export function matchingFics(index: SnapshotIndex, b: IdentityBinding): FederatedCredential[] {
  const issuer = clusterIssuer(index);
  return exactSubjectFics(index, b).filter((f) => issuer === undefined || f.issuer === issuer);
}

export type NearMissKind = "whitespace" | "case" | "plural-prefix" | "missing-prefix" | "prefix-typo" | "swapped" | "namespace-typo" | "name-typo";

const PREFIX = "system:serviceaccount:";

/** Edits tolerated in a name before it stops looking like a typo of another. */
function tolerance(s: string): number {
  return s.length <= 4 ? 1 : 2;
}

function typo(a: string, b: string): boolean {
  return a !== b && editDistance(a, b, tolerance(b)) <= tolerance(b);
}

/**
 * How `actual` nearly misses `system:serviceaccount:<ns>:<sa>`, or undefined when it is exact or
 * not close. Kubernetes names are lower-case, so name typos are compared without case.
 */
export function subjectNearMiss(actual: string, ns: string, sa: string): NearMissKind | undefined {
  const expected = `${PREFIX}${ns}:${sa}`;
  if (actual === expected) return undefined;
  const squeezed = actual.replace(/\s+/g, "");
  if (squeezed === expected) return "whitespace";
  const lower = squeezed.toLowerCase();
  if (lower === expected.toLowerCase()) return squeezed === actual ? "case" : "whitespace";
  const parts = lower.split(":");
  const tail = (n: number) => parts.slice(n).join(":");
  if (parts[0] === "system" && parts[1] === "serviceaccounts" && (tail(2) === `${ns}:${sa}` || tail(2) === ns)) return "plural-prefix";
  if (tail(0) === `${ns}:${sa}`) return "missing-prefix";
  if (parts.length === 4) {
    const [p0, p1, n, s] = parts as [string, string, string, string];
    const prefixOk = p0 === "system" && p1 === "serviceaccount";
    if (!prefixOk && n === ns && s === sa && typo(`${p0}:${p1}:`, PREFIX)) return "prefix-typo";
    if (prefixOk && n === sa && s === ns) return "swapped";
    if (prefixOk && n === ns && typo(s, sa)) return "name-typo";
    if (prefixOk && s === sa && typo(n, ns)) return "namespace-typo";
  }
  return undefined;
}

/** The namespace and name a FIC subject names, when it has the exact ServiceAccount form. */
export function parseSubject(subject: string): { namespace: string; name: string } | undefined {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject);
  return m ? { namespace: m[1]!, name: m[2]! } : undefined;
}

export interface NearMiss {
  fic: FederatedCredential;
  kind: NearMissKind;
}

/**
 * FICs of the binding's identity whose subject nearly misses the binding's, when none matches it
 * exactly. A subject that exactly names another known ServiceAccount is that one's, not a typo.
 */
export function nearMisses(index: SnapshotIndex, b: IdentityBinding): NearMiss[] {
  if (!b.identity) return [];
  const fics = index.ficsOf(b.identity);
  if (fics.some((f) => f.subject === b.subject)) return [];
  const out: NearMiss[] = [];
  for (const fic of fics) {
    const kind = subjectNearMiss(fic.subject, b.namespace, b.name);
    if (!kind) continue;
    const named = parseSubject(fic.subject);
    if (named && (index.serviceAccount(named.namespace, named.name) || index.workloadsOf(named.namespace, named.name).length > 0)) continue;
    out.push({ fic, kind });
  }
  return out;
}

export interface IssuerChange {
  cluster: ManagedCluster;
  currentIssuer: string;
  oldIssuer: string;
  /** ServiceAccounts whose exact-subject FICs all trust `oldIssuer` and none the current one. */
  affected: { binding: IdentityBinding; fics: FederatedCredential[] }[];
}

const changeCache = new WeakMap<SnapshotIndex, IssuerChange[]>();

/**
 * Issuers that the FICs of two or more of this cluster's ServiceAccounts trust instead of the
 * cluster's current issuer: the signature of a rebuilt or moved cluster. A trailing-slash
 * variant of the current issuer is a typo pattern, not another cluster, and is left out.
 */
export function issuerChanges(index: SnapshotIndex): IssuerChange[] {
  const cached = changeCache.get(index);
  if (cached) return cached;
  const out: IssuerChange[] = [];
  const cluster = index.cluster;
  const current = cluster?.issuerUrl;
  if (cluster && current) {
    const byIssuer = new Map<string, IssuerChange["affected"]>();
    for (const b of boundServiceAccounts(index)) {
      const fics = exactSubjectFics(index, b);
      if (fics.length === 0 || fics.some((f) => f.issuer === current)) continue;
      const groups = new Map<string, FederatedCredential[]>();
      for (const f of fics) {
        if (trailingSlashOnly(f.issuer, current)) continue;
        addTo(groups, f.issuer, f);
      }
      for (const [issuer, list] of groups) addTo(byIssuer, issuer, { binding: b, fics: list });
    }
    for (const [oldIssuer, affected] of byIssuer) {
      if (affected.length >= 2) out.push({ cluster, currentIssuer: current, oldIssuer, affected });
    }
  }
  changeCache.set(index, out);
  return out;
}

/** Whether a FIC is already explained by a cluster-level issuer change. */
export function explainedByIssuerChange(index: SnapshotIndex, fic: FederatedCredential): boolean {
  let explained = explainedCache.get(index);
  if (!explained) {
    explained = new Set(issuerChanges(index).flatMap((c) => c.affected.flatMap((a) => a.fics)));
    explainedCache.set(index, explained);
  }
  return explained.has(fic);
}

// per index, as issuerChanges: every check that asks about a FIC would otherwise walk all the changes
const explainedCache = new WeakMap<SnapshotIndex, Set<FederatedCredential>>();

/** A FIC name for a ServiceAccount, valid for Azure (3-120 of `[A-Za-z0-9_-]`, starting alphanumeric) and unused on the identity. */
export function ficNameFor(namespace: string, sa: string, taken: readonly FederatedCredential[]): string {
  let base = `${namespace}-${sa}`.replace(/[^A-Za-z0-9_-]/g, "-").replace(/^[^A-Za-z0-9]+/, "");
  if (base.length < 3) base = `${base}-fic`.replace(/^-/, "");
  base = base.slice(0, 120);
  const names = new Set(taken.map((f) => f.name.toLowerCase()));
  if (!names.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base.slice(0, 116)}-${i}`;
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}
