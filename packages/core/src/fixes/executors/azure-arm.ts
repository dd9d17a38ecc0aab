import { isRestError } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/core-auth";
import { credentialFromEnv } from "../../sources/live-azure/credential.js";
import { armError, firstSentence, signInFailure } from "../../sources/live-azure/failures.js";
import { resolveEndpoints } from "../../sources/live-azure/options.js";
import { ArmSession, type SubscriptionClients } from "../../sources/live-azure/session.js";
import type { LiveTargets } from "./live-types.js";

/** What went wrong with one ARM call, as the executor words it. */
export interface ArmFailure {
  /** HTTP status, when ARM answered. */
  status?: number;
  code?: string;
  message: string;
  /** No answer (a dropped connection, a timeout): the write may or may not have been made. */
  unknownOutcome: boolean;
}

export class ArmCallError extends Error {
  constructor(readonly failure: ArmFailure) {
    super(failure.message);
    this.name = "ArmCallError";
  }
}

const CREDENTIAL_ERRORS = new Set(["CredentialUnavailableError", "AuthenticationError", "AggregateAuthenticationError", "AuthenticationRequiredError"]);

/**
 * The ARM clients of the live doctor (the same credential, endpoints, retries: 429 and 503 wait
 * for their `Retry-After`), and calls with a timeout each. Failures come back as ArmCallError;
 * a bug is thrown as it is.
 */
export class ArmWriter {
  private readonly session: ArmSession;
  private readonly timeoutMs: number;

  constructor(targets: LiveTargets) {
    const env = targets.env ?? process.env;
    const endpoints = resolveEndpoints(targets.azure?.endpoints, env);
    const credential: TokenCredential = targets.azure?.credential ?? credentialFromEnv(env, endpoints.authorityHost);
    this.timeoutMs = targets.timeoutMs ?? 30_000;
    this.session = new ArmSession(credential, endpoints.resourceManager, { timeoutMs: this.timeoutMs });
  }

  of(subscriptionId: string): SubscriptionClients {
    return this.session.of(subscriptionId);
  }

  /** One call, abandoned after the timeout; its failure as an ArmCallError. */
  async call<T>(what: (o: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error("timed out"));
    }, this.timeoutMs);
    const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true }));
    aborted.catch(() => undefined);
    try {
      return await Promise.race([what({ abortSignal: controller.signal }), aborted]);
    } catch (err) {
      if (timedOut) throw new ArmCallError({ message: `no answer from Azure within ${Math.round(this.timeoutMs / 1000)} s`, unknownOutcome: true });
      throw new ArmCallError(armFailure(err));
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A failed call in words; rethrows what is neither Azure's answer, the network's nor the sign-in's. */
function armFailure(err: unknown): ArmFailure {
  if (err instanceof Error && CREDENTIAL_ERRORS.has(err.name)) return { message: signInFailure(err), unknownOutcome: false };
  if (!isRestError(err)) throw err;
  const arm = armError(err);
  if (err.statusCode === undefined) return { message: `no answer from Azure Resource Manager: ${firstSentence(err.message)}`, unknownOutcome: true };
  return {
    status: err.statusCode,
    ...(arm ? { code: arm.code } : {}),
    message: arm ? `${arm.code}: ${firstSentence(arm.message)}` : `Azure Resource Manager answered ${err.statusCode}`,
    unknownOutcome: false,
  };
}
