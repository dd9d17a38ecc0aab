import type { TokenCredential } from "@azure/core-auth";
import type { AzureStep, ClusterStep } from "../../model/fix.js";

/**
 * Where the live executors write: the cluster of a kubeconfig context, and Azure with a
 * credential. The same settings as the live doctor's reads, so a fix goes where the finding was
 * read.
 */
export interface LiveTargets {
  /** The cluster: `kubeconfig` alone, else `KUBECONFIG` merged as kubectl merges it, else ~/.kube/config; `context`, else the current one. */
  kube?: { kubeconfig?: string; context?: string };
  /**
   * Azure: the credential (the live doctor's; else a service principal of `env`, else
   * DefaultAzureCredential) and the endpoints of a national cloud or of the simulation (else
   * `WID_ARM_ENDPOINT` and `AZURE_AUTHORITY_HOST` of `env`, else the public cloud).
   * `subscriptions` are those the surface read; a plan's steps name their own subscription in
   * their resource ids, and are written there.
   */
  azure?: { credential?: TokenCredential; subscriptions?: string[]; endpoints?: { resourceManager?: string; authorityHost?: string } };
  /** Longest wait for one answer (a read or a write), in milliseconds; 15 s for the cluster, 30 s for Azure when omitted. */
  timeoutMs?: number;
  /**
   * Stops a plan between steps: the step in flight finishes (within `timeoutMs`) so its outcome is
   * known, and the steps after it are `refused` with the reason. An object is never left half-written.
   */
  signal?: AbortSignal;
  /** Where `KUBECONFIG`, the home directory, the Azure endpoints and a service principal's secret are read; the process's environment when omitted. */
  env?: Record<string, string | undefined>;
}

/**
 * What became of a step:
 * - `applied`: the object now holds the change (with `dryRun`: the server accepted it in a dry
 *   run, or Azure's current state allows it; nothing was written);
 * - `unchanged`: the object held the change already; nothing was written;
 * - `refused`: nothing was written because the step's precondition failed (the object changed
 *   since it was read, or is gone), the server refused it in the dry run, an earlier step did not
 *   apply, or the run was stopped;
 * - `failed`: the write was tried and Azure or the cluster answered with an error (403, 409, a
 *   timeout, a lost connection); when a lost connection leaves it unknown, the object is read
 *   again and the outcome says which state it is in.
 */
export type StepStatus = "applied" | "unchanged" | "refused" | "failed";

export interface StepOutcome {
  step: ClusterStep | AzureStep;
  status: StepStatus;
  /** What the user reads: the object, what happened and why; never a token or a secret. */
  reason?: string;
}

export interface ApplyOptions {
  /** Checks every step (the guard, the server's dry run, Azure's current state) and writes nothing. */
  dryRun?: boolean;
  /** Called once per step with its final outcome, in the order of the plan. */
  onStep?: (o: StepOutcome) => void;
}
