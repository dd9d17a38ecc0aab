import type { TokenCredential } from "@azure/core-auth";
import { BUILTIN_ROLES } from "../../azure/builtin-roles.js";
import type { ManagedIdentity } from "../../model/azure.js";
import type { DataKey } from "../../model/snapshot.js";
import { newAzureExport, type AzureExport } from "../azure-export/load.js";
import type { SnapshotPart } from "../snapshot.js";
import { parseAksClusterId, serverHost, clusterHasHost } from "./cluster-match.js";
import { defaultCredential, signIn } from "./credential.js";
import { KeyTracker } from "./keys.js";
import { resolveEndpoints, type AzureLiveOptions } from "./options.js";
import { all, ArmSession } from "./session.js";
import { add, toCluster, toFederatedCredential, toIdentity, toKeyVault, toRoleAssignment, toRoleDefinition } from "./to-model.js";

export type { AzureLiveOptions } from "./options.js";

/** The data keys the Azure source fills. */
const AZURE_KEYS: readonly DataKey[] = ["azure.identities", "azure.federatedCredentials", "azure.roleAssignments", "azure.clusters", "azure.keyVaults"];

/**
 * Reads, from live Azure, what the checks need about the identities in use and nothing more:
 * every managed identity of the subscriptions (ARM cannot look one up by client id), then for
 * the identities ServiceAccounts name, their federated credentials and their principals' role
 * assignments; the role definitions those use; the AKS cluster behind the kubeconfig's server;
 * the Key Vaults SecretProviderClasses name and the role assignments on them. Requests grow with
 * the identities and vaults in use, not with the tenant.
 *
 * What could not be read is a gap of its data key (forbidden, not found, timed out, unavailable),
 * so the checks that need it say *not run* and why; nothing unread is taken for absent. Only the
 * user's abort (`signal`) and wid's own bugs reject.
 */
export async function loadAzureLive(opts: AzureLiveOptions): Promise<{ part: SnapshotPart; requests: number }> {
  const env = opts.env ?? process.env;
  const endpoints = resolveEndpoints(opts.endpoints, env);
  const credential: TokenCredential = opts.credential ?? defaultCredential(endpoints.authorityHost);
  const session = new ArmSession(credential, endpoints.resourceManager, opts);
  const out = newAzureExport();
  const keys = new KeyTracker();
  const aksClusterId = opts.aksClusterId === undefined ? undefined : parseAksClusterId(opts.aksClusterId);

  const done = () => {
    keys.apply(out, AZURE_KEYS);
    return { part: { kind: "azure" as const, export: out }, requests: session.requests };
  };

  const signedIn = await signIn(credential, session.scope, opts);
  if (!signedIn.ok) {
    keys.failAll(AZURE_KEYS, signedIn.failure);
    return done();
  }

  const subscriptions = await resolveSubscriptions(session, opts, env);
  if (!subscriptions.ok) {
    keys.failAll(AZURE_KEYS, subscriptions.failure);
    return done();
  }
  const subs = subscriptions.value;

  await Promise.all([
    readIdentities(session, subs, opts.clientIds, out, keys),
    readCluster(session, subs, aksClusterId, opts.clusterServer, out, keys),
    readKeyVaults(session, subs, opts.keyVaultNames, out, keys),
  ]);
  await readRoleDefinitions(session, subs, out, keys);
  return done();
}

async function resolveSubscriptions(session: ArmSession, opts: AzureLiveOptions, env: Record<string, string | undefined>) {
  const given = opts.subscriptions?.length ? opts.subscriptions : env["AZURE_SUBSCRIPTION_ID"]?.trim() ? [env["AZURE_SUBSCRIPTION_ID"].trim()] : undefined;
  if (given) return { ok: true as const, value: [...new Set(given.map((s) => s.trim()).filter(Boolean))] };
  const listed = await session.read("subscriptions", "the subscriptions of the Azure sign-in", (o) => all(session.subscriptionClient.subscriptions.list(o)));
  if (!listed.ok) return listed;
  const usable = listed.value.filter((s) => s.subscriptionId && s.state !== "Disabled" && s.state !== "Deleted").map((s) => s.subscriptionId!);
  if (usable.length === 0) {
    return { ok: false as const, failure: { code: "unavailable" as const, resource: "Azure subscriptions", detail: "the Azure sign-in sees no enabled subscription" } };
  }
  return { ok: true as const, value: usable };
}

/** Identities of every subscription, then credentials and role assignments of those in use. */
async function readIdentities(session: ArmSession, subs: string[], clientIds: readonly string[], out: AzureExport, keys: KeyTracker): Promise<void> {
  const wanted = new Set(clientIds.map((c) => c.trim().toLowerCase()).filter(Boolean));
  if (wanted.size === 0) return; // no ServiceAccount names an identity: nothing to look up
  const identities: ManagedIdentity[] = [];
  await Promise.all(
    subs.map(async (sub) => {
      const r = await session.read("identities", `managed identities of subscription ${sub}`, (o) => all(session.of(sub).msi.userAssignedIdentities.listBySubscription(o)));
      if (!r.ok) {
        // The identities in use may be among those unread: their credentials and roles are unknown too.
        keys.failAll(["azure.identities", "azure.federatedCredentials", "azure.roleAssignments"], r.failure);
        return;
      }
      for (const raw of r.value) {
        const identity = toIdentity(raw);
        if (identity && add(out, "identities", identity)) identities.push(identity);
      }
    }),
  );
  // In use: named by client id, or by principal id (a mistake sa-client-id-is-principal-id
  // explains); plus identities of the same name, to which roles are sometimes given by mistake.
  const named = identities.filter((i) => wanted.has(i.clientId.toLowerCase()) || wanted.has(i.principalId.toLowerCase()));
  const names = new Set(named.map((i) => i.name.toLowerCase()));
  const inUse = identities.filter((i) => names.has(i.name.toLowerCase()));
  await Promise.all([
    ...inUse.map(async (identity) => {
      const sub = identity.subscriptionId!;
      const r = await session.read("federatedCredentials", `federated credentials of identity ${identity.name}`, (o) =>
        all(session.of(sub).msi.federatedIdentityCredentials.list(identity.resourceGroup!, identity.name, o)),
      );
      if (!r.ok) return keys.fail("azure.federatedCredentials", r.failure);
      for (const raw of r.value) {
        const fic = toFederatedCredential(raw);
        if (fic) add(out, "federatedCredentials", fic);
      }
    }),
    ...inUse.flatMap((identity) =>
      subs.map(async (sub) => {
        const filter = `principalId eq '${identity.principalId}'`;
        const r = await session.read("roleAssignments", `role assignments of identity ${identity.name} in subscription ${sub}`, (o) =>
          all(session.of(sub).authorization.roleAssignments.listForSubscription({ ...o, filter })),
        );
        if (!r.ok) return keys.fail("azure.roleAssignments", r.failure);
        for (const raw of r.value) {
          const a = toRoleAssignment(raw);
          if (a) add(out, "roleAssignments", a);
        }
      }),
    ),
  ]);
}

/** The AKS cluster named by id, or the one whose API server the kubeconfig names, or every cluster when neither is known. */
async function readCluster(
  session: ArmSession,
  subs: string[],
  byId: ReturnType<typeof parseAksClusterId> | undefined,
  server: string | undefined,
  out: AzureExport,
  keys: KeyTracker,
): Promise<void> {
  if (byId) {
    const r = await session.read("clusters", `AKS cluster ${byId.id}`, (o) => session.of(byId.subscriptionId).aks.managedClusters.get(byId.resourceGroup, byId.name, o));
    if (!r.ok) return keys.fail("azure.clusters", r.failure);
    const cluster = toCluster(r.value);
    if (cluster) add(out, "clusters", cluster);
    return;
  }
  const host = server === undefined ? undefined : serverHost(server);
  const found: unknown[] = [];
  let failed = false;
  await Promise.all(
    subs.map(async (sub) => {
      const r = await session.read("clusters", `AKS clusters of subscription ${sub}`, (o) => all(session.of(sub).aks.managedClusters.list(o)));
      if (!r.ok) {
        failed = true;
        return keys.fail("azure.clusters", r.failure);
      }
      found.push(...r.value.filter((c) => host === undefined || clusterHasHost(c, host)));
    }),
  );
  for (const raw of found) {
    const cluster = toCluster(raw);
    if (cluster) add(out, "clusters", cluster);
  }
  if (host !== undefined && found.length === 0 && !failed) {
    keys.fail("azure.clusters", {
      code: "not-found",
      resource: `the AKS cluster of API server ${host}`,
      detail: `no AKS cluster in subscription${subs.length > 1 ? "s" : ""} ${subs.join(", ")} has it as its fqdn or private fqdn; name the cluster by its resource id`,
    });
  }
}

/** The vaults SecretProviderClasses name (found by name across the subscriptions), and the role assignments on them. */
async function readKeyVaults(session: ArmSession, subs: string[], names: readonly string[], out: AzureExport, keys: KeyTracker): Promise<void> {
  const wanted = new Set(names.map((n) => n.trim().toLowerCase()).filter(Boolean));
  if (wanted.size === 0) return;
  const ids: string[] = [];
  await Promise.all(
    subs.map(async (sub) => {
      // Vault names are unique in the cloud; ARM lists them without their settings, read one by one below.
      const r = await session.read("keyVaults", `Key Vaults of subscription ${sub}`, (o) => all(session.of(sub).vaults.vaults.list(o)));
      if (!r.ok) return keys.fail("azure.keyVaults", r.failure);
      for (const v of r.value) if (v.id && v.name && wanted.has(v.name.toLowerCase())) ids.push(v.id);
    }),
  );
  await Promise.all(
    ids.map(async (id) => {
      const at = parseVaultId(id);
      if (!at) return;
      const r = await session.read("keyVaults", `Key Vault ${at.name}`, (o) => session.of(at.subscriptionId).vaults.vaults.get(at.resourceGroup, at.name, o));
      if (!r.ok) return keys.fail("azure.keyVaults", r.failure);
      const vault = toKeyVault(r.value);
      if (vault) add(out, "keyVaults", vault);
      // Who may read it, whoever they are: roles given to a client id or to a twin identity by mistake show here.
      const onVault = await session.read("roleAssignments", `role assignments on Key Vault ${at.name}`, (o) => all(session.of(at.subscriptionId).authorization.roleAssignments.listForScope(id.replace(/^\/+/, ""), o)));
      if (!onVault.ok) return keys.fail("azure.roleAssignments", onVault.failure);
      for (const raw of onVault.value) {
        const a = toRoleAssignment(raw);
        if (a) add(out, "roleAssignments", a);
      }
    }),
  );
}

const BUILTIN = new Set(BUILTIN_ROLES.map((r) => r.name.toLowerCase()));

/** Definitions of the roles the assignments use that wid does not know offline (custom roles, newer built-ins). */
async function readRoleDefinitions(session: ArmSession, subs: string[], out: AzureExport, keys: KeyTracker): Promise<void> {
  const ids = new Map<string, string>();
  for (const a of out.state.roleAssignments) {
    const guid = a.roleDefinitionId.split("/").pop()!.toLowerCase();
    if (!BUILTIN.has(guid) && !ids.has(guid)) ids.set(guid, a.roleDefinitionId);
  }
  const client = session.of(subs[0]!).authorization;
  // getById puts the id after a "/" of its own: without its leading "/" the path has one.
  await Promise.all(
    [...ids.values()].map(async (id) => {
      const r = await session.read("roleDefinitions", `role definition ${id}`, (o) => client.roleDefinitions.getById(id.replace(/^\/+/, ""), o));
      if (!r.ok) {
        // A deleted custom role grants nothing, as the assignment then does; any other failure
        // leaves the assignment's grants unknown, so the role checks must not run.
        if (r.failure.code !== "not-found") keys.fail("azure.roleAssignments", r.failure);
        return;
      }
      const def = toRoleDefinition(r.value);
      if (def) add(out, "roleDefinitions", def);
    }),
  );
}

function parseVaultId(id: string): { subscriptionId: string; resourceGroup: string; name: string } | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)$/i.exec(id);
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! } : undefined;
}
