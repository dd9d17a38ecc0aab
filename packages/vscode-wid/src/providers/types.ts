import type { ProviderState } from "#wid/engine";

/**
 * Where a root of the Workload Identity tree gets its state: the workspace's manifests and
 * exports, or a live cluster and Azure. A provider never throws for state it cannot read: it
 * returns the errors, which the tree shows as nodes.
 */
export interface IdentityProvider {
  /** Stable: the tree keeps expansion state by it. */
  readonly id: string;
  /** `fresh`: read again what is slow to read (a live cluster), not only what changed. */
  load(signal: AbortSignal, fresh: boolean): Promise<ProviderState>;
}
