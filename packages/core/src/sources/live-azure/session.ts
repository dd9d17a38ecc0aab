import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import type { TokenCredential } from "@azure/core-auth";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { failureOf, isAbortBy, type AzureFailure } from "./failures.js";
import { limiter } from "./limit.js";
import type { AzureLiveOptions, AzureProgress, AzureReadKind } from "./options.js";

/** The ARM clients of one subscription. */
export interface SubscriptionClients {
  msi: ManagedServiceIdentityClient;
  authorization: AuthorizationManagementClient;
  aks: ContainerServiceClient;
  vaults: KeyVaultManagementClient;
}

/** Options every SDK call takes: the per-read abort signal. */
export interface CallOptions {
  abortSignal: AbortSignal;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; failure: AzureFailure };

/**
 * One load's connection to ARM: the SDK clients (made once per subscription), the count of
 * requests, the bound on requests in flight, the timeout of each read, and the progress.
 */
export class ArmSession {
  requests = 0;
  private readonly byKind: Partial<Record<AzureReadKind, number>> = {};
  private readonly bySubscription: Record<string, number> = {};
  private done = 0;
  private total = 0;
  private readonly clients = new Map<string, SubscriptionClients>();
  private readonly run: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly timeoutMs: number;
  readonly scope: string;
  readonly subscriptionClient: SubscriptionClient;

  constructor(
    readonly credential: TokenCredential,
    readonly endpoint: string,
    private readonly opts: Pick<AzureLiveOptions, "concurrency" | "timeoutMs" | "retry" | "signal" | "onProgress">,
  ) {
    this.run = limiter(Math.max(1, opts.concurrency ?? 8));
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    // The SDKs ask Entra ID for a token for `${endpoint}/.default`; one scope for all of them.
    this.scope = `${endpoint}/.default`;
    this.subscriptionClient = new SubscriptionClient(credential, this.clientOptions(undefined) as ConstructorParameters<typeof SubscriptionClient>[1]);
  }

  /** The clients of a subscription, made on first use. */
  of(subscriptionId: string): SubscriptionClients {
    let c = this.clients.get(subscriptionId);
    if (!c) {
      const o = this.clientOptions(subscriptionId);
      c = {
        msi: new ManagedServiceIdentityClient(this.credential, subscriptionId, o as ConstructorParameters<typeof ManagedServiceIdentityClient>[1] & object),
        authorization: new AuthorizationManagementClient(this.credential, subscriptionId, o as ConstructorParameters<typeof AuthorizationManagementClient>[2]),
        aks: new ContainerServiceClient(this.credential, subscriptionId, o as ConstructorParameters<typeof ContainerServiceClient>[2]),
        vaults: new KeyVaultManagementClient(this.credential, subscriptionId, o as ConstructorParameters<typeof KeyVaultManagementClient>[2]),
      };
      this.clients.set(subscriptionId, c);
    }
    return c;
  }

  private clientOptions(subscriptionId: string | undefined): Record<string, unknown> {
    const retry = this.opts.retry ?? {};
    return {
      endpoint: this.endpoint,
      // Older generated clients build URLs from $host, newer ones from endpoint.
      $host: this.endpoint,
      credentialScopes: [this.scope],
      credentials: { scopes: [this.scope] },
      retryOptions: { maxRetries: retry.maxRetries ?? 3, retryDelayInMs: retry.delayMs ?? 800, maxRetryDelayInMs: retry.maxDelayMs ?? 30_000 },
      additionalPolicies: [{ policy: this.counter(subscriptionId), position: "perRetry" }],
      userAgentOptions: { userAgentPrefix: "wid" },
    };
  }

  /** Counts every request sent, retries included, per kind of read (from its path) and subscription. */
  private counter(subscriptionId: string | undefined): PipelinePolicy {
    return {
      name: "widRequestCounter",
      sendRequest: (request, next) => {
        this.requests++;
        if (subscriptionId !== undefined) this.bySubscription[subscriptionId] = (this.bySubscription[subscriptionId] ?? 0) + 1;
        const kind = kindOfUrl(request.url);
        this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
        return next(request);
      },
    };
  }

  /**
   * One read (a resource, or a list with all its pages): within the bound on requests in flight,
   * with its own timeout. Azure's and the network's failures come back as a failure to record;
   * the user's abort and wid's own bugs are thrown.
   */
  async read<T>(kind: AzureReadKind, resource: string, call: (o: CallOptions) => Promise<T>): Promise<ReadResult<T>> {
    this.total++;
    this.progress(kind);
    try {
      return await this.run(async () => {
        const controller = new AbortController();
        const signals = [controller.signal, ...(this.opts.signal ? [this.opts.signal] : [])];
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`timed out after ${this.timeoutMs} ms`));
        }, this.timeoutMs);
        try {
          const options = { abortSignal: AbortSignal.any(signals) };
          // A pager's later pages may not honour the signal: the race ends the read all the same.
          const aborted = new Promise<never>((_, reject) => options.abortSignal.addEventListener("abort", () => reject(options.abortSignal.reason), { once: true }));
          aborted.catch(() => undefined);
          const value = await Promise.race([call(options), aborted]);
          return { ok: true as const, value };
        } catch (err) {
          if (isAbortBy(this.opts.signal, err)) throw this.opts.signal!.reason ?? err;
          const failure = failureOf(err, resource, timedOut, this.timeoutMs);
          if (!failure) throw err;
          return { ok: false as const, failure };
        } finally {
          clearTimeout(timer);
        }
      });
    } finally {
      this.done++;
      this.progress(kind);
    }
  }

  private progress(kind: AzureReadKind): void {
    this.opts.onProgress?.({ kind, requests: this.requests, byKind: { ...this.byKind }, bySubscription: { ...this.bySubscription }, done: this.done, total: this.total } satisfies AzureProgress);
  }
}

/** Which kind of read an ARM request belongs to, from its path (later pages included). */
export function kindOfUrl(url: string): AzureReadKind {
  const path = new URL(url).pathname.toLowerCase();
  if (path.includes("/federatedidentitycredentials")) return "federatedCredentials";
  if (path.includes("/userassignedidentities")) return "identities";
  if (path.includes("/roleassignments")) return "roleAssignments";
  if (path.includes("/roledefinitions")) return "roleDefinitions";
  if (path.includes("/managedclusters")) return "clusters";
  if (path.includes("/microsoft.keyvault/") || path.endsWith("/resources")) return "keyVaults";
  return "subscriptions";
}

/** Every item of a pager (all its pages). */
export async function all<T>(pager: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pager) out.push(item);
  return out;
}
