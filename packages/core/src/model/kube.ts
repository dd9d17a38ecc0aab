import type { IdentitySettings } from "./config.js";
import type { Location, Path, Range } from "./location.js";

/** Where a Kubernetes object came from when it was read from a manifest. */
export interface ManifestOrigin {
  file: string;
  /** 0-based index of the YAML document in its file. */
  documentIndex: number;
  /** Path of the object inside its document: `[]`, or `["items", i]` inside a `kind: List`. */
  basePath: Path;
  /** The chart template named by a Helm `# Source:` comment above the document. */
  helmSource?: string;
}

export interface LocateOptions {
  /** Point at the map key rather than its value (for a misspelled or misplaced key). */
  key?: boolean;
}

/**
 * A Kubernetes object from a manifest or a live cluster. `raw` is the object as parsed (for a
 * Secret or ConfigMap, with its values dropped: see `identitySettings`); `loc` resolves a field to
 * file:line:column (or the nearest enclosing field that exists), and is undefined for objects that
 * did not come from a file.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** Set for namespaced kinds: metadata.namespace, else the default namespace of the load. */
  namespace: string | undefined;
  /** True when `namespace` was not written in the object and came from the default. */
  namespaceDefaulted: boolean;
  raw: Record<string, unknown>;
  origin: ManifestOrigin | undefined;
  /** metadata.uid and metadata.resourceVersion of a live object: what guards a fix against a stale read. */
  uid?: string;
  resourceVersion?: string;
  /**
   * A Secret's or ConfigMap's values that choose an identity (an `azure.json`, an AppAuthentication
   * connection string), by data key, reduced to the settings that choose it.
   */
  identitySettings?: Readonly<Record<string, IdentitySettings>>;
  loc(path?: Path, opts?: LocateOptions): Location | undefined;
}

/** How a finding names the object it is about (the `object` of the JSON output contract). */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
  apiVersion?: string;
  /** Azure resource id, for Azure objects. */
  id?: string;
  file?: string;
  line?: number;
  column?: number;
  /** The span at fault in `file`: the exact key or value. */
  range?: Range;
}

export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "Node",
  "CSIDriver",
  "PersistentVolume",
  "StorageClass",
  "PriorityClass",
  "APIService",
]);
