import type { Finding, NotRunReason, Report } from "../model/finding.js";
import { addTo } from "../util/multimap.js";
import type { ObjectRef } from "../model/kube.js";
import type { DataKey, Snapshot } from "../model/snapshot.js";
import { annotationsOf } from "../checks/shared/azure-bindings.js";
import { accessTargets, targetRef } from "../checks/shared/azure-targets.js";
import { expectedSubject, WI } from "../wi.js";
import { groupTitle } from "./group.js";
import { azureRef, kubeRef } from "./refs.js";
import { buildIndex, type SnapshotIndex } from "./snapshot-index.js";
import type { Workload } from "./workloads.js";

/** The links of pod -> ServiceAccount -> identity -> federated credentials -> role assignments -> targets. */
export type ChainLinkKind = "cluster" | "workload" | "service-account" | "identity" | "federated-credential" | "role-assignment" | "target";

/** ok: nothing wrong found; broken: a finding names it; unknown: its data was not loaded, or the chain broke before it. */
export type LinkStatus = "ok" | "broken" | "unknown";

export interface ChainLink {
  kind: ChainLinkKind;
  /** The object this link is; absent when the chain expects one that does not exist (no FIC at all). */
  object?: ObjectRef;
  status: LinkStatus;
  /** The findings that break this link. */
  findings: Finding[];
  /** Why the link's status is unknown, when data was missing (absent when an earlier link broke the chain). */
  unknown?: NotRunReason;
}

export interface IdentityChain {
  /** `namespace/Kind/name`, as findings are grouped. */
  title: string;
  workload: ObjectRef;
  links: ChainLink[];
  /** The worst status of its links. */
  status: LinkStatus;
}

/**
 * Which link a check judges, by its area (the id's first word), where the area alone does not
 * say: a client id that names the wrong identity breaks the ServiceAccount -> identity link.
 */
const LINK_BY_AREA: Record<string, ChainLinkKind> = {
  cluster: "cluster",
  webhook: "cluster",
  namespace: "workload",
  pod: "workload",
  proxy: "workload",
  migrate: "workload",
  app: "workload",
  sa: "service-account",
  fic: "federated-credential",
  rbac: "role-assignment",
  kv: "target",
  csi: "identity",
  runtime: "workload",
};
const LINK_BY_CHECK: Record<string, ChainLinkKind> = {
  "sa-client-id-unknown": "identity",
  "sa-client-id-is-principal-id": "identity",
  "sa-tenant-mismatch": "identity",
  "cluster-issuer-changed": "federated-credential",
  "rbac-missing-for-target": "target",
  "csi-driver-token-requests-missing": "cluster",
  // refused or failed pods of one workload: its own link, not the cluster's
  "webhook-admission-errors": "workload",
};

export function linkOf(checkId: string): ChainLinkKind {
  return LINK_BY_CHECK[checkId] ?? LINK_BY_AREA[checkId.split("-")[0]!] ?? "workload";
}

function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  if (a.id !== undefined || b.id !== undefined) return a.id?.toLowerCase() === b.id?.toLowerCase();
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");
}

const STATUS_RANK: Record<LinkStatus, number> = { ok: 0, unknown: 1, broken: 2 };

function link(kind: ChainLinkKind, object: ObjectRef | undefined, status: LinkStatus = "ok", unknown?: NotRunReason): ChainLink {
  return { kind, ...(object ? { object } : {}), status, findings: [], ...(unknown ? { unknown } : {}) };
}

function missing(snapshot: Snapshot, data: DataKey): NotRunReason | undefined {
  if (snapshot.coverage.available.has(data)) return undefined;
  return { code: "missing-data", data, gap: snapshot.coverage.gaps.get(data) ?? { code: "not-given" } };
}

/** Whether a workload takes part in workload identity: labelled, or running as an annotated ServiceAccount. */
function usesWorkloadIdentity(w: Workload, index: SnapshotIndex): boolean {
  if (w.labels[WI.useLabel] !== undefined) return true;
  const sa = index.serviceAccount(w.namespace, w.serviceAccountName);
  return sa !== undefined && (annotationsOf(sa)[WI.clientIdAnnotation] ?? "") !== "";
}

/** The links of one workload's chain, from the snapshot alone (every link ok or unknown). */
function chainLinks(snapshot: Snapshot, index: SnapshotIndex, w: Workload): ChainLink[] {
  const noClusters = missing(snapshot, "azure.clusters");
  const links: ChainLink[] = [link("cluster", index.cluster ? azureRef("ManagedCluster", index.cluster) : undefined, noClusters ? "unknown" : "ok", noClusters)];
  links.push(link("workload", kubeRef(w.object)));
  const sa = index.serviceAccount(w.namespace, w.serviceAccountName);
  links.push(link("service-account", sa ? kubeRef(sa) : { kind: "ServiceAccount", name: w.serviceAccountName, namespace: w.namespace }));
  const clientId = sa ? (annotationsOf(sa)[WI.clientIdAnnotation] ?? "").trim() : "";
  const noIdentities = missing(snapshot, "azure.identities");
  if (noIdentities) {
    links.push(link("identity", undefined, "unknown", noIdentities));
    return links;
  }
  const identity = clientId ? index.identityByClientId(clientId) : undefined;
  if (!identity) {
    // the chain cannot be followed past a ServiceAccount that names no known identity
    links.push(link("identity", undefined, "unknown"));
    return links;
  }
  links.push(link("identity", azureRef("ManagedIdentity", identity)));
  const noFics = missing(snapshot, "azure.federatedCredentials");
  const subject = expectedSubject(w.namespace, w.serviceAccountName);
  const fics = noFics ? [] : index.ficsOf(identity).filter((f) => f.subject === subject);
  if (fics.length === 0) links.push(link("federated-credential", undefined, noFics ? "unknown" : "ok", noFics));
  for (const f of fics) links.push(link("federated-credential", azureRef("FederatedIdentityCredential", f)));
  const noAssignments = missing(snapshot, "azure.roleAssignments");
  const assignments = noAssignments ? [] : index.assignmentsOf(identity.principalId);
  if (assignments.length === 0) links.push(link("role-assignment", undefined, noAssignments ? "unknown" : "ok", noAssignments));
  for (const a of assignments) links.push(link("role-assignment", azureRef("RoleAssignment", a)));
  for (const t of accessTargets(snapshot, index)) {
    if (t.identity === identity && t.workloads.includes(w)) links.push(link("target", targetRef(t)));
  }
  return links;
}

/** The link a finding breaks: the one it names, else the first of the kind its check (or the check that explains it) judges. */
function attach(links: ChainLink[], f: Finding): void {
  // runtime evidence breaks the link that the check explaining it judges
  const explainedBy = f.evidence["explainedBy"];
  const kind = linkOf(typeof explainedBy === "string" ? explainedBy : f.checkId);
  const named = links.find((l) => l.object && sameRef(l.object, f.object));
  const target = named && (named.kind === kind || kind === "workload" || kind === "service-account") ? named : (links.find((l) => l.kind === kind) ?? named);
  if (!target) return;
  target.findings.push(f);
  target.status = "broken";
}

/**
 * Every workload's identity chain, each link ok, broken (with the findings that break it) or
 * unknown (with why): what `status`, the TUI detail pane, the editor's tree and hovers show.
 * Workloads that do not use workload identity and have no finding are left out.
 */
export function identityChains(snapshot: Snapshot, report: Pick<Report, "findings">, index: SnapshotIndex = buildIndex(snapshot)): IdentityChain[] {
  const byTitle = new Map<string, Finding[]>();
  const unattached: Finding[] = [];
  for (const f of report.findings) {
    if (!f.workload) {
      unattached.push(f);
      continue;
    }
    const title = groupTitle(f);
    addTo(byTitle, title, f);
  }
  const chains: IdentityChain[] = [];
  for (const w of index.workloads) {
    const title = `${w.namespace}/${w.kind}/${w.name}`;
    const own = byTitle.get(title) ?? [];
    if (own.length === 0 && !usesWorkloadIdentity(w, index)) continue;
    const links = chainLinks(snapshot, index, w);
    for (const f of own) attach(links, f);
    // what breaks every chain: the cluster's issuer, the webhook, a credential of the identity itself
    for (const f of unattached) if (linkOf(f.checkId) === "cluster" || links.some((l) => l.object && sameRef(l.object, f.object))) attach(links, f);
    const status = links.reduce<LinkStatus>((worst, l) => (STATUS_RANK[l.status] > STATUS_RANK[worst] ? l.status : worst), "ok");
    chains.push({ title, workload: kubeRef(w.object), links, status });
  }
  return chains.sort((a, b) => a.title.localeCompare(b.title));
}
