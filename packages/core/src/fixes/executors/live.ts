/**
 * The live executors: fixes applied to the cluster of a kubeconfig and to Azure. A subpath of its
 * own (`@wid/core/executors/live`), so that what never writes live (the editor's diagnostics,
 * `--help`) does not load @kubernetes/client-node or the Azure SDKs.
 *
 * The contract surfaces rely on:
 * - `applyClusterPlan(plan, targets, opts)`: every step checked (the object's uid and
 *   resourceVersion as read, the API server's dry run) before any is written; JSON merge patches by
 *   field manager `wid`, conditional on the resourceVersion checked; rollout restarts as
 *   `kubectl rollout restart` makes them.
 * - `applyAzurePlan(plan, targets, opts)`: every step's precondition checked before any is
 *   written and again before its own write; one identity's credential writes serialised.
 * - `applyFix(fix, target, targets, opts)`: the plan of a fix for one target, by its executor.
 * Each resolves to one `StepOutcome` per step, in order (`opts.onStep` hears each as it is
 * decided); `dryRun` checks and writes nothing. They reject only for a kubeconfig that cannot be
 * used (a UserError) or a bug; what the cluster and Azure answer is an outcome.
 */
export type { LiveTargets, StepStatus, StepOutcome, ApplyOptions } from "./live-types.js";
export { applyClusterPlan, objectName, FIELD_MANAGER, RESTARTED_AT } from "./cluster.js";
export { applyAzurePlan, azureObjectName } from "./azure.js";
export { applyFix, liveTargetsOf } from "./apply-fix.js";
export { waitForRollouts, rolloutsOf, type RolloutState } from "./rollout.js";
