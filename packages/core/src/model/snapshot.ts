import type { AzureState } from "./azure.js";
import type { DataGap } from "./finding.js";
import type { KubeObject } from "./kube.js";
import type { RuntimeState } from "./runtime.js";

/**
 * The kinds of data a check can need. A check whose needs are not all in `Coverage.available`
 * is reported as not run, with the gap recorded for the first missing one.
 */
export type DataKey =
  /** Kubernetes objects, from manifests or a live cluster. */
  | "kube"
  /**
   * A live cluster: the objects are the cluster's state in the namespaces read (which ones, and
   * what could not be read in them, is in `Coverage.live`), not a partial manifest set.
   */
  | "cluster"
  /** A live cluster's MutatingWebhookConfigurations, listed cluster-wide: what the webhook verdicts need. */
  | "cluster.webhooks"
  /** A live cluster's Namespaces with their labels, listed cluster-wide. */
  | "cluster.namespaces"
  /** The webhook's ConfigMap `azure-wi-webhook-config` (from manifests or the cluster). */
  | "webhook-config"
  | "azure.identities"
  | "azure.federatedCredentials"
  | "azure.roleAssignments"
  | "azure.clusters"
  | "azure.keyVaults"
  /** Runtime evidence from a live cluster: events. */
  | "runtime.events"
  /** Runtime evidence from a live cluster: recent container logs of pods that use workload identity. */
  | "runtime.logs"
  /** Runtime evidence: the issuer's discovery document and JWKS, and a minted token's claims. */
  | "runtime.issuer";

export interface InputProblem {
  severity: "error" | "warning" | "info";
  file: string;
  line?: number;
  column?: number;
  message: string;
  hint?: string;
  /** The file, document or element was not read: counted in the summary, listed with --verbose. */
  skipped?: boolean;
}

/** A resource a live source could not read, where, and why. */
export interface LiveGap {
  /** Plural resource name with its group, as RBAC names it: `pods`, `deployments.apps`, `pods/log`. */
  resource: string;
  /** Absent for cluster-wide reads and cluster-scoped resources. */
  namespace?: string;
  gap: DataGap;
}

/**
 * What a live cluster read covered, resource by resource and namespace by namespace: checks that
 * conclude from an absence (no ServiceAccount of that name, no webhook configuration) conclude
 * only where the resource was read.
 */
export interface LiveCoverage {
  /** Every namespace was in scope (`-A`), or only `namespaces`. */
  allNamespaces: boolean;
  /** The namespaces in scope whose objects were read (some resources may still be in `unread`). */
  namespaces: string[];
  /** What could not be read. */
  unread: LiveGap[];
  /**
   * Objects read by name outside the namespaces in scope (the webhook's own Deployment, Service
   * and ConfigMap), found or known not to exist: `resource/namespace/name`.
   */
  named?: string[];
}

export interface Coverage {
  available: Set<DataKey>;
  /** Why a data key is absent, when a source knows better than "not given". */
  gaps: Map<DataKey, DataGap>;
  /** Files and objects that could not be read, or were skipped. */
  problems: InputProblem[];
  /** Set when a live cluster was read: what it covered. */
  live?: LiveCoverage;
}

export interface SnapshotOptions {
  /** The AKS cluster the manifests belong to, by name, when exports hold several. */
  clusterName?: string;
  /** Azure resource ids the workloads must reach, beyond what manifests name. */
  targets?: string[];
}

/** Everything the checks see. Plain data; sources build it, checks only read it. */
export interface Snapshot {
  objects: KubeObject[];
  azure: AzureState;
  /** Events, logs and issuer documents; empty unless a live source read them. */
  runtime: RuntimeState;
  coverage: Coverage;
  /** Milliseconds since the epoch when the state was read; checks use it for "minutes ago". */
  now: number;
  options: SnapshotOptions;
}
