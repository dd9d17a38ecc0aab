import { ApiException, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { setting } from "../../setting-names.js";
import type { TokenCredential } from "@azure/core-auth";
import { BUILTIN_ROLES } from "../../azure/builtin-roles.js";
import { UserError } from "../../errors.js";
import type { FederatedCredential, ManagedIdentity, RoleAssignment } from "../../model/azure.js";
import { isGuid } from "../../util/guid.js";
import { closest } from "../../util/text.js";
import { asString, getIn, stringMap } from "../../util/raw.js";
import { WI } from "../../wi.js";
import { resolveKubeconfig } from "../live-cluster/kubeconfig.js";
import { clusterHasHost, parseAksClusterId, serverHost } from "../live-azure/cluster-match.js";
import { credentialFromEnv, signIn } from "../live-azure/credential.js";
import type { AzureFailure } from "../live-azure/failures.js";
import { resolveEndpoints, type AzureEndpoints } from "../live-azure/options.js";
import { all, ArmSession, type ReadResult } from "../live-azure/session.js";
import { toCluster, toFederatedCredential, toIdentity, toRoleAssignment } from "../live-azure/to-model.js";
import { mintServiceAccountToken } from "../live-issuer/mint.js";

export interface SetupReadOptions {
  kube: { kubeconfig?: string; context?: string };
  /** The context's namespace, else `default`, when omitted. */
  namespace?: string;
  serviceAccount: string;
  /** The identity's name or client id. */
  identity: string;
  /** Where to look for the identity by name (and create it). */
  resourceGroup?: string;
  /** A role by name or definition GUID, and the scope it is granted at. */
  role?: string;
  scope?: string;
  credential?: TokenCredential;
  subscriptions?: string[];
  aksClusterId?: string;
  endpoints?: AzureEndpoints;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
}

/** A role definition, by its GUID and name. */
export interface SetupRole {
  guid: string;
  roleName: string;
}

/** What `kubectl wid setup` reads before it plans: the ServiceAccount, the identity and its credentials, the cluster's issuer, the role. */
export interface SetupState {
  context: { name: string; server: string };
  namespace: string;
  serviceAccount: { exists: false } | { exists: true; uid: string | undefined; resourceVersion: string | undefined; clientId: string | undefined };
  /** The subscriptions the identity was looked for in. */
  subscriptions: string[];
  /** Identities that match `--identity` (by client id, or by name within the resource group when given). */
  identities: ManagedIdentity[];
  /** The federated credentials of the identity, when exactly one matched. */
  fics: FederatedCredential[];
  issuer: { url: string; from: string };
  /** The AKS cluster of the kubeconfig's server, when one was found. */
  aksCluster: { name: string; resourceGroup: string | undefined } | undefined;
  role: SetupRole | undefined;
  /** The role assignments of the identity's principal at or above the scope. */
  assignments: RoleAssignment[];
}

/** A failed read of Azure, as the user reads it: setup cannot go on without it. */
function azureError(f: AzureFailure): UserError {
  const hint =
    f.code === "forbidden"
      ? "setup reads identities, credentials and role assignments: sign in as someone with Reader on the subscription, and Managed Identity Contributor (and User Access Administrator to grant a role) where it writes"
      : f.code === "not-found"
        ? `check the subscription (${setting("subscription")}), resource group and names`
        : "check the Azure sign-in (az login) and the network";
  return new UserError(`${f.resource}: ${f.code === "forbidden" ? "forbidden" : f.code === "not-found" ? "not found" : "could not be read"}${f.detail ? ` (${f.detail})` : ""}`, { hint });
}

function must<T>(r: ReadResult<T>): T {
  if (!r.ok) throw azureError(r.failure);
  return r.value;
}

async function readServiceAccount(kc: KubeConfig, namespace: string, name: string): Promise<SetupState["serviceAccount"]> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    const sa = (await core.readNamespacedServiceAccount({ name, namespace })) as unknown as Record<string, unknown>;
    const annotations = stringMap(getIn(sa, ["metadata", "annotations"]));
    return { exists: true, uid: asString(getIn(sa, ["metadata", "uid"])), resourceVersion: asString(getIn(sa, ["metadata", "resourceVersion"])), clientId: annotations[WI.clientIdAnnotation]?.trim() || undefined };
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return { exists: false };
    if (err instanceof ApiException && err.code === 403) throw new UserError(`you may not read ServiceAccount ${namespace}/${name}`, { hint: `kubectl auth can-i get serviceaccounts -n ${namespace}` });
    if (err instanceof ApiException) throw new UserError(`the API server answered ${err.code} reading ServiceAccount ${namespace}/${name}`, { hint: "kubectl get serviceaccount shows the same" });
    const e = err as { code?: string; message?: string };
    throw new UserError(`cannot reach the API server at ${kc.getCurrentCluster()?.server ?? "(none)"}: ${e.code ?? (e.message ?? String(err)).split("\n")[0]}`, { hint: "check the kubeconfig and context (kubectl cluster-info)" });
  }
}

/**
 * Reads what setting a ServiceAccount up for workload identity depends on: the ServiceAccount
 * (or its absence), the identity named (across the subscriptions, or in a resource group) and its
 * federated credentials, the cluster's OIDC issuer (from the AKS cluster behind the kubeconfig's
 * server, else from a token the cluster mints), and, for `--role`, the role's definition and the
 * identity's assignments at the scope. What cannot be read is a UserError that says what to do.
 */
export async function readSetupState(opts: SetupReadOptions): Promise<SetupState> {
  const env = opts.env ?? process.env;
  const resolved = resolveKubeconfig({ ...opts.kube, env: env as NodeJS.ProcessEnv });
  const namespace = opts.namespace ?? resolved.context.namespace ?? "default";
  const serviceAccount = await readServiceAccount(resolved.kc, namespace, opts.serviceAccount);

  const endpoints = resolveEndpoints(opts.endpoints, env);
  const credential = opts.credential ?? credentialFromEnv(env, endpoints.authorityHost);
  const session = new ArmSession(credential, endpoints.resourceManager, { ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) });
  const signedIn = await signIn(credential, session.scope, opts);
  if (!signedIn.ok) throw new UserError(`Azure could not be signed in to: ${signedIn.failure.detail ?? signedIn.failure.code}`, { hint: "sign in with az login, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET" });
  const subscriptions = await subscriptionsOf(session, opts, env);

  const wanted = opts.identity.trim();
  const byClientId = isGuid(wanted);
  const identities: ManagedIdentity[] = [];
  for (const sub of subscriptions) {
    const raw = must(await session.read("identities", `managed identities of subscription ${sub}`, (o) => all(session.of(sub).msi.userAssignedIdentities.listBySubscription(o))));
    for (const r of raw) {
      const i = toIdentity(r);
      if (!i) continue;
      const match = byClientId ? i.clientId.toLowerCase() === wanted.toLowerCase() : i.name.toLowerCase() === wanted.toLowerCase() && (opts.resourceGroup === undefined || i.resourceGroup?.toLowerCase() === opts.resourceGroup.toLowerCase());
      if (match) identities.push(i);
    }
  }

  const only = identities.length === 1 ? identities[0]! : undefined;
  const fics = only
    ? must(await session.read("federatedCredentials", `federated credentials of identity ${only.name}`, (o) => all(session.of(only.subscriptionId!).msi.federatedIdentityCredentials.list(only.resourceGroup!, only.name, o))))
        .map(toFederatedCredential)
        .filter((f): f is FederatedCredential => f !== undefined)
    : [];

  const aks = await aksClusterOf(session, subscriptions, opts.aksClusterId, resolved.context.server);
  const issuer = aks?.issuer ? { url: aks.issuer, from: `AKS cluster ${aks.name}` } : await issuerFromToken(resolved.kc, namespace, serviceAccount.exists ? opts.serviceAccount : "default", aks?.name);

  let role: SetupRole | undefined;
  let assignments: RoleAssignment[] = [];
  if (opts.role !== undefined && opts.scope !== undefined) {
    role = await roleOf(session, opts.role, opts.scope, subscriptions);
    if (only) {
      const sub = /^\/?subscriptions\/([^/]+)/i.exec(opts.scope)?.[1] ?? subscriptions[0]!;
      const filter = `principalId eq '${only.principalId}'`;
      assignments = must(await session.read("roleAssignments", `role assignments of identity ${only.name} on ${opts.scope}`, (o) => all(session.of(sub).authorization.roleAssignments.listForScope(opts.scope!.replace(/^\/+/, ""), { ...o, filter }))))
        .map(toRoleAssignment)
        .filter((a): a is RoleAssignment => a !== undefined);
    }
  }
  return {
    context: { name: resolved.context.name, server: resolved.context.server },
    namespace,
    serviceAccount,
    subscriptions,
    identities,
    fics,
    issuer,
    aksCluster: aks ? { name: aks.name, resourceGroup: aks.resourceGroup } : undefined,
    role,
    assignments,
  };
}

async function subscriptionsOf(session: ArmSession, opts: SetupReadOptions, env: Record<string, string | undefined>): Promise<string[]> {
  if (opts.subscriptions?.length) return opts.subscriptions;
  const fromEnv = env["AZURE_SUBSCRIPTION_ID"]?.trim();
  if (fromEnv) return [fromEnv];
  const listed = must(await session.read("subscriptions", "the subscriptions of the Azure sign-in", (o) => all(session.subscriptionClient.subscriptions.list(o))));
  const usable = listed.filter((s) => s.subscriptionId && s.state !== "Disabled" && s.state !== "Deleted").map((s) => s.subscriptionId!);
  if (usable.length === 0) throw new UserError("the Azure sign-in sees no enabled subscription", { hint: `name one with ${setting("subscription")}` });
  return usable;
}

/** The AKS cluster named, or the one whose API server the kubeconfig names; its OIDC issuer. */
async function aksClusterOf(session: ArmSession, subscriptions: string[], byId: string | undefined, server: string): Promise<{ name: string; resourceGroup: string | undefined; issuer: string | undefined } | undefined> {
  const found: unknown[] = [];
  if (byId !== undefined) {
    const ref = parseAksClusterId(byId);
    found.push(must(await session.read("clusters", `AKS cluster ${ref.id}`, (o) => session.of(ref.subscriptionId).aks.managedClusters.get(ref.resourceGroup, ref.name, o))));
  } else {
    const host = serverHost(server);
    for (const sub of subscriptions) {
      const r = await session.read("clusters", `AKS clusters of subscription ${sub}`, (o) => all(session.of(sub).aks.managedClusters.list(o)));
      // the issuer can come from the cluster's own tokens as well: a cluster list refused is no reason to stop
      if (r.ok) found.push(...r.value.filter((c) => clusterHasHost(c, host)));
    }
  }
  const cluster = found.map(toCluster).find((c) => c !== undefined);
  if (!cluster) return undefined;
  if (!cluster.oidcIssuerEnabled || !cluster.issuerUrl) {
    throw new UserError(`AKS cluster ${cluster.name} has no OIDC issuer: Entra ID cannot trust its tokens`, {
      hint: `az aks update -g ${cluster.resourceGroup ?? "RESOURCE_GROUP"} -n ${cluster.name} --enable-oidc-issuer --enable-workload-identity`,
    });
  }
  return { name: cluster.name, resourceGroup: cluster.resourceGroup, issuer: cluster.issuerUrl };
}

/** The issuer the cluster's tokens carry: what Entra ID sees from the workload. */
async function issuerFromToken(kc: KubeConfig, namespace: string, serviceAccount: string, aksName: string | undefined): Promise<{ url: string; from: string }> {
  const minted = await mintServiceAccountToken(kc, namespace, serviceAccount);
  if (minted.ok && minted.minted.claims.iss) return { url: minted.minted.claims.iss, from: `a token the cluster minted for ${namespace}/${serviceAccount}` };
  throw new UserError(`the cluster's OIDC issuer could not be told: ${aksName ? `AKS cluster ${aksName} names none, and ` : "no AKS cluster has the kubeconfig's API server, and "}a token for ${namespace}/${serviceAccount} could not be minted${minted.ok ? "" : ` (${minted.gap.detail ?? minted.gap.code})`}`, {
    hint: "name the AKS cluster with --aks-cluster (az aks show --query id -o tsv), or use a kubeconfig user who may create ServiceAccount tokens",
  });
}

/** A role by GUID or by name: the built-in ones wid knows, else the definitions at the scope. */
async function roleOf(session: ArmSession, role: string, scope: string, subscriptions: string[]): Promise<SetupRole> {
  const wanted = role.trim();
  const builtin = BUILTIN_ROLES.find((r) => r.name.toLowerCase() === wanted.toLowerCase() || r.roleName.toLowerCase() === wanted.toLowerCase());
  if (builtin) return { guid: builtin.name, roleName: builtin.roleName };
  const sub = /^\/?subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? subscriptions[0]!;
  const filter = isGuid(wanted) ? undefined : `roleName eq '${wanted.replace(/'/g, "''")}'`;
  const defs = must(await session.read("roleDefinitions", `role definitions at ${scope}`, (o) => all(session.of(sub).authorization.roleDefinitions.list(scope.replace(/^\/+/, ""), { ...o, ...(filter ? { filter } : {}) }))));
  const def = defs.find((d) => (isGuid(wanted) ? d.name?.toLowerCase() === wanted.toLowerCase() : d.roleName?.toLowerCase() === wanted.toLowerCase()));
  if (def?.name && def.roleName) return { guid: def.name, roleName: def.roleName };
  const near = closest(wanted, BUILTIN_ROLES.map((r) => r.roleName), 6).slice(0, 3);
  throw new UserError(`--role ${role}: no role of that name can be assigned at ${scope}`, { hint: near.length ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}? (az role definition list --name NAME)` : "az role definition list --query [].roleName lists them" });
}
