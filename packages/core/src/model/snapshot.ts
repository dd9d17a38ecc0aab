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
  /** A live cluster: the objects are the cluster's whole state, not a partial manifest set. */
  | "cluster"
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

export interface Coverage {
  available: Set<DataKey>;
  /** Why a data key is absent, when a source knows better than "not given". */
  gaps: Map<DataKey, DataGap>;
  /** Files and objects that could not be read, or were skipped. */
  problems: InputProblem[];
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
