import type { TokenCredential } from "@azure/core-auth";
import type { Coverage, DataKey, Snapshot } from "../../model/snapshot.js";
import type { DataGap } from "../../model/finding.js";
import type { IssuerEvidence, RuntimeState } from "../../model/runtime.js";
import { emptyRuntimeState } from "../../model/runtime.js";
import { WI } from "../../wi.js";
import { asRecord, getIn, stringMap } from "../../util/raw.js";
import { assembleSnapshot, type SnapshotPart } from "../snapshot.js";
import { loadAzureLive } from "../live-azure/load.js";
import { exchangeToken, type ExchangeResult } from "../live-azure/exchange.js";
import { resolveEndpoints, type AzureEndpoints } from "../live-azure/options.js";
import { checkIssuer } from "../live-issuer/evidence.js";
import { kubeConfigOf, type KubeInput } from "../live-issuer/kubeconfig.js";
import { mintServiceAccountToken, type MintedToken } from "../live-issuer/mint.js";
import { liveObject } from "./live-object.js";
import { readServiceAccount, readWebhookConfig } from "./read-kube.js";

export interface VerifyOptions {
  kube: KubeInput;
  /** The kubeconfig context's namespace, else `default`, when omitted. */
  namespace?: string;
  serviceAccount: string;
  /** What to ask Entra ID for; `<ARM endpoint>/.default` by default. */
  scope?: string;
  /** For reading Azure (to explain a failure): the operator's sign-in, not the ServiceAccount's. */
  credential?: TokenCredential;
  subscriptions?: string[];
  aksClusterId?: string;
  endpoints?: AzureEndpoints;
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
}

export type TenantSource = "annotation" | "webhook" | "identity" | "environment";

export interface VerifyOutcome {
  namespace: string;
  serviceAccount: string;
  clientId: string | undefined;
  tenant: { id: string; from: TenantSource } | undefined;
  /** The minted token's claims (never the token), or why none was minted. */
  token: { ok: true; claims: MintedToken["claims"] } | { ok: false; gap: DataGap };
  /** The issuer's documents and whether its keys verify the token; undefined without an issuer. */
  issuer: IssuerEvidence | undefined;
  /** The exchange with Entra ID; undefined when it could not be tried (no client id, tenant or token). */
  exchange: ExchangeResult | undefined;
  /** The ServiceAccount's chain for the checks: the ServiceAccount, a pod that would use it, Azure and the issuer's evidence. */
  snapshot: Snapshot;
  /** The name of the pod that stands for "a workload using this ServiceAccount" in the snapshot. */
  standInPod: string;
}

/** The name of the pod that stands in for the workloads of the verified ServiceAccount. */
export const STAND_IN_POD = "wid-verify";

/**
 * Proves (or disproves) that a ServiceAccount can get an Entra ID token without deploying a pod:
 * mints its token through TokenRequest (audience api://AzureADTokenExchange), checks it against
 * the issuer's discovery document and keys, and exchanges it with Entra ID as the workload would.
 * It also reads the ServiceAccount's chain (its identity, credentials and roles from live Azure,
 * the webhook's default tenant) so that the checks can name the cause of a failure.
 */
export async function verifyServiceAccount(opts: VerifyOptions): Promise<VerifyOutcome> {
  const env = opts.env ?? process.env;
  const kc = kubeConfigOf(opts.kube);
  const namespace = opts.namespace ?? (kc.getContextObject(kc.getCurrentContext())?.namespace || "default");
  const name = opts.serviceAccount;
  const saRaw = await readServiceAccount(kc, namespace, name);
  const webhookConfig = await readWebhookConfig(kc);
  const annotations = stringMap(getIn(saRaw, ["metadata", "annotations"]));
  const clientId = annotations[WI.clientIdAnnotation]?.trim() || undefined;
  const endpoints = resolveEndpoints(opts.endpoints, env);
  const timeouts = opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {};
  const signal = opts.signal ? { signal: opts.signal } : {};

  const [minted, azure] = await Promise.all([
    mintServiceAccountToken(kc, namespace, name, timeouts),
    loadAzureLive({
      clientIds: clientId ? [clientId] : [],
      keyVaultNames: [],
      clusterServer: kc.getCurrentCluster()?.server ?? "",
      ...(opts.credential ? { credential: opts.credential } : {}),
      ...(opts.subscriptions?.length ? { subscriptions: opts.subscriptions } : {}),
      ...(opts.aksClusterId ? { aksClusterId: opts.aksClusterId } : {}),
      endpoints,
      env,
      ...timeouts,
      ...signal,
    }),
  ]);
  const state = azure.part.kind === "azure" ? azure.part.export.state : undefined;
  const identity = clientId ? state?.identities.find((i) => i.clientId.toLowerCase() === clientId.toLowerCase()) : undefined;
  const tenant = tenantOf(annotations, webhookConfig, identity?.tenantId, env);

  const aksIssuer = state?.clusters.length === 1 ? state.clusters[0]!.issuerUrl : undefined;
  const issuerUrl = aksIssuer ?? (minted.ok ? minted.minted.claims.iss : undefined);
  const issuer = issuerUrl ? (await checkIssuer(issuerUrl, minted.ok ? minted.minted : undefined, { ...timeouts, ...signal })).evidence : undefined;

  let exchange: ExchangeResult | undefined;
  if (minted.ok && clientId && tenant) {
    exchange = await exchangeToken({
      tenantId: tenant.id,
      clientId,
      assertion: minted.minted.token,
      scope: opts.scope ?? `${endpoints.resourceManager}/.default`,
      ...(endpoints.authorityHost ? { authorityHost: endpoints.authorityHost } : {}),
      ...timeouts,
      ...signal,
    });
  }

  const objects = [liveObject(saRaw), liveObject(standInPod(namespace, name)), ...(webhookConfig ? [liveObject(webhookConfig)] : [])];
  const available = new Set<DataKey>(["kube", ...(webhookConfig ? (["webhook-config"] as const) : []), ...(issuer ? (["runtime.issuer"] as const) : [])]);
  const gaps = new Map<DataKey, DataGap>();
  if (!issuer) gaps.set("runtime.issuer", minted.ok ? { code: "not-given" } : minted.gap);
  const coverage: Coverage = { available, gaps, problems: [] };
  const runtime: RuntimeState = { ...emptyRuntimeState(), issuers: issuer ? [issuer] : [] };
  const parts: SnapshotPart[] = [azure.part];
  const snapshot = assembleSnapshot({ parts, live: { objects, coverage, runtime } });

  return {
    namespace,
    serviceAccount: name,
    clientId,
    tenant,
    token: minted.ok ? { ok: true, claims: minted.minted.claims } : { ok: false, gap: minted.gap },
    issuer,
    exchange,
    snapshot,
    standInPod: STAND_IN_POD,
  };
}

/** The tenant a pod of this ServiceAccount would get: its annotation, else the webhook's default, else the identity's. */
function tenantOf(annotations: Record<string, string>, webhookConfig: Record<string, unknown> | undefined, identityTenant: string | undefined, env: Record<string, string | undefined>): VerifyOutcome["tenant"] {
  const annotated = annotations[WI.tenantIdAnnotation]?.trim();
  if (annotated) return { id: annotated, from: "annotation" };
  const webhook = stringMap(asRecord(webhookConfig?.["data"]))["AZURE_TENANT_ID"]?.trim();
  if (webhook) return { id: webhook, from: "webhook" };
  if (identityTenant) return { id: identityTenant, from: "identity" };
  const fromEnv = env["AZURE_TENANT_ID"]?.trim();
  return fromEnv ? { id: fromEnv, from: "environment" } : undefined;
}

/** A pod that uses the ServiceAccount with workload identity, so the checks judge its chain as a workload's. */
function standInPod(namespace: string, serviceAccount: string): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: STAND_IN_POD, namespace, labels: { [WI.useLabel]: "true" } },
    spec: { serviceAccountName: serviceAccount, containers: [{ name: "app", image: "app" }] },
  };
}
