import { describeLiveGap, type DataGap, type LiveCoverage, type LiveGap } from "@wid/core";

/** One thing a live read could not read, for people and for `-o json`. */
export interface UnreadItem {
  resource: string;
  namespace?: string;
  /** Why, in words. */
  reason: string;
  /** Why, as data (the same codes as a not-run reason's gap). */
  cause: DataGap;
}

/** A namespace whose ServiceAccounts could not be listed was not read at all: one line for it. */
function namespaceSkipped(g: LiveGap, live: LiveCoverage): boolean {
  return g.resource === "serviceaccounts" && g.namespace !== undefined && !live.namespaces.includes(g.namespace);
}

/** What a live read could not read, in the order a person scans it: cluster-wide first, then by namespace. */
export function unreadItems(live: LiveCoverage | undefined): UnreadItem[] {
  if (!live) return [];
  const sorted = [...live.unread].sort((a, b) => (a.namespace ?? "").localeCompare(b.namespace ?? "") || a.resource.localeCompare(b.resource));
  return sorted.map((g) => ({
    resource: g.resource,
    ...(g.namespace !== undefined ? { namespace: g.namespace } : {}),
    reason: namespaceSkipped(g, live) ? `namespace ${g.namespace}: not read, ${describeLiveGap({ ...g, namespace: undefined } as LiveGap).replace(" (cluster-wide)", "")}` : describeLiveGap(g),
    cause: g.gap,
  }));
}
