import type { DataGap } from "../model/finding.js";
import type { Coverage } from "../model/snapshot.js";

/**
 * Why a live read did not cover `resource` in `namespace` (or cluster-wide, for a cluster-scoped
 * resource), or undefined when it did. Checks that conclude from an absence (no ServiceAccount of
 * that name, no credential's ServiceAccount) ask it first: what was not read is not missing.
 * With `name`, an object the source read by name (found or not) counts as read wherever it is.
 * Offline snapshots (manifests, exports) count what was given as read.
 */
export function unreadGap(coverage: Coverage, resource: string, namespace?: string, name?: string): DataGap | undefined {
  const live = coverage.live;
  if (!live) return undefined;
  if (name !== undefined && namespace !== undefined && live.named?.includes(`${resource}/${namespace}/${name}`)) return undefined;
  const clusterWide = live.unread.find((g) => g.resource === resource && g.namespace === undefined);
  if (namespace === undefined) return clusterWide?.gap;
  const here = live.unread.find((g) => g.resource === resource && g.namespace === namespace);
  if (here) return here.gap;
  if (live.allNamespaces || live.namespaces.includes(namespace)) return clusterWide?.gap;
  // a namespace the run did not read: say why when the source knows (it could not list namespaces)
  const anyHere = live.unread.find((g) => g.namespace === namespace);
  if (anyHere) return anyHere.gap;
  const namespacesUnknown = live.unread.find((g) => g.resource === "namespaces" && g.namespace === undefined);
  return namespacesUnknown?.gap ?? { code: "not-in-scope", namespace, scope: [...live.namespaces] };
}
