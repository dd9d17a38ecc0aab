import type { AzAccessPolicy, JsonObject } from "../../scenario/types.js";
import { resourceNotFound } from "../errors.js";
import { badRequest, param, type ArmContext, type Route, type RouteParams } from "../context.js";
import { isWithin } from "../ids.js";
import { armKeyVault, armManagedCluster } from "../shapes.js";

/**
 * Read-only providers wid looks at: AKS clusters and Key Vaults. Both list by subscription and by
 * resource group, and get by name.
 */
function readOnlyProvider<T extends { id: string }>(
  providerType: string,
  all: (ctx: ArmContext) => T[],
  one: (ctx: ArmContext, id: string) => T | undefined,
  toArm: (item: T) => JsonObject,
): Route[] {
  const typePattern = providerType.replace(/\./g, "\\.");
  const action = `${providerType}/read`;
  const list = (ctx: ArmContext, scope: string): void => {
    ctx.sendList(all(ctx).filter((r) => isWithin(r.id, scope) && ctx.canRead(r.id)).map(toArm));
  };
  return [
    {
      methods: ["GET"],
      pattern: new RegExp(`^/subscriptions/(?<sub>[^/]+)/providers/${typePattern}$`, "i"),
      handle(ctx, params) {
        const sub = param(params, "sub");
        ctx.authorize(`/subscriptions/${sub}`, action);
        ctx.requireSubscription(sub);
        list(ctx, `/subscriptions/${sub}`);
      },
    },
    {
      methods: ["GET"],
      pattern: new RegExp(`^/subscriptions/(?<sub>[^/]+)/resourceGroups/(?<rg>[^/]+)/providers/${typePattern}$`, "i"),
      handle(ctx, params) {
        const sub = param(params, "sub");
        const rg = param(params, "rg");
        ctx.authorize(`/subscriptions/${sub}/resourceGroups/${rg}`, action);
        ctx.requireResourceGroup(sub, rg);
        list(ctx, `/subscriptions/${sub}/resourceGroups/${rg}`);
      },
    },
    {
      methods: ["GET"],
      pattern: new RegExp(`^/subscriptions/(?<sub>[^/]+)/resourceGroups/(?<rg>[^/]+)/providers/${typePattern}/(?<name>[^/]+)$`, "i"),
      handle(ctx, params) {
        const sub = param(params, "sub");
        const rg = param(params, "rg");
        const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/${providerType}/${param(params, "name")}`;
        ctx.authorize(id, action);
        ctx.requireResourceGroup(sub, rg);
        const item = one(ctx, id);
        if (!item) throw resourceNotFound(id);
        ctx.send(200, toArm(item));
      },
    },
  ];
}

/** Subscriptions, resource groups and the generic resources list (arm-keyvault's vaults.list uses it). */
const resourceManagerRoutes: Route[] = [
  {
    methods: ["GET"],
    pattern: /^\/subscriptions$/i,
    handle(ctx) {
      // ARM lists the subscriptions in which the caller holds any role.
      const subs = ctx.state.subscriptionIds().filter((s) => ctx.canRead(`/subscriptions/${s}`));
      ctx.sendList(subs.map((s) => ({ id: `/subscriptions/${s}`, subscriptionId: s, tenantId: ctx.state.tenantId, displayName: `Subscription ${s.slice(0, 8)}`, state: "Enabled" })));
    },
  },
  {
    methods: ["GET"],
    pattern: /^\/subscriptions\/(?<sub>[^/]+)$/i,
    handle(ctx, params) {
      const sub = param(params, "sub");
      ctx.authorize(`/subscriptions/${sub}`, "Microsoft.Resources/subscriptions/read");
      ctx.requireSubscription(sub);
      ctx.send(200, { id: `/subscriptions/${sub}`, subscriptionId: sub, tenantId: ctx.state.tenantId, displayName: `Subscription ${sub.slice(0, 8)}`, state: "Enabled" });
    },
  },
  {
    methods: ["GET"],
    pattern: /^\/subscriptions\/(?<sub>[^/]+)\/resourceGroups(?:\/(?<rg>[^/]+))?$/i,
    handle(ctx, params) {
      const sub = param(params, "sub");
      const toArm = (rg: string): JsonObject => ({
        id: `/subscriptions/${sub}/resourceGroups/${rg}`,
        name: rg,
        type: "Microsoft.Resources/resourceGroups",
        location: "eastus",
        properties: { provisioningState: "Succeeded" },
      });
      if (params["rg"] === undefined) {
        ctx.authorize(`/subscriptions/${sub}`, "Microsoft.Resources/subscriptions/resourceGroups/read");
        ctx.requireSubscription(sub);
        ctx.sendList(ctx.state.resourceGroups(sub).filter((rg) => ctx.canRead(`/subscriptions/${sub}/resourceGroups/${rg}`)).map(toArm));
        return;
      }
      const rg = param(params, "rg");
      ctx.authorize(`/subscriptions/${sub}/resourceGroups/${rg}`, "Microsoft.Resources/subscriptions/resourceGroups/read");
      ctx.requireResourceGroup(sub, rg);
      ctx.send(200, toArm(ctx.state.resourceGroups(sub).find((r) => r.toLowerCase() === rg.toLowerCase()) ?? rg));
    },
  },
  {
    methods: ["GET"],
    pattern: /^\/subscriptions\/(?<sub>[^/]+)(?:\/resourceGroups\/(?<rg>[^/]+))?\/resources$/i,
    handle(ctx, params) {
      const sub = param(params, "sub");
      const rg = params["rg"] === undefined ? undefined : param(params, "rg");
      const scope = rg === undefined ? `/subscriptions/${sub}` : `/subscriptions/${sub}/resourceGroups/${rg}`;
      ctx.authorize(scope, "Microsoft.Resources/subscriptions/resources/read");
      if (rg === undefined) ctx.requireSubscription(sub);
      else ctx.requireResourceGroup(sub, rg);
      const filter = ctx.url.searchParams.get("$filter");
      const type = filter ? /resourceType\s+eq\s+'([^']*)'/i.exec(filter)?.[1] : undefined;
      const items = ctx.state
        .resourcesWithin(scope)
        .filter((r) => (type === undefined || r.type.toLowerCase() === type.toLowerCase()) && ctx.canRead(r.id));
      ctx.sendList(items);
    },
  },
];

const PERMISSION_LISTS = ["keys", "secrets", "certificates", "storage"] as const;
/** Entries a vault's access policy list holds at most. */
const MAX_ACCESS_POLICIES = 1024;

function lower(list: readonly string[] | undefined): string[] {
  return (list ?? []).map((x) => x.toLowerCase());
}

/**
 * Vaults_UpdateAccessPolicy (`PUT .../vaults/{name}/accessPolicies/{add|replace|remove}`): `add`
 * joins the given permissions to the entry of the same object id (or adds the entry), `replace`
 * sets the entry's permissions to the given ones, `remove` takes them away (and the entry, once
 * empty). Answers the parameters it was given.
 */
async function updateAccessPolicy(ctx: ArmContext, params: RouteParams): Promise<void> {
  const sub = param(params, "sub");
  const rg = param(params, "rg");
  const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${param(params, "name")}`;
  ctx.authorize(id, "Microsoft.KeyVault/vaults/accessPolicies/write");
  ctx.requireResourceGroup(sub, rg);
  const vault = ctx.state.keyVault(id);
  if (!vault) throw resourceNotFound(id);
  const kind = param(params, "kind").toLowerCase();
  if (kind !== "add" && kind !== "replace" && kind !== "remove") throw badRequest("BadRequest", `The value '${param(params, "kind")}' is not valid for operationKind: use add, replace or remove.`);
  const body = await ctx.readJsonObject();
  const given = ((body["properties"] as JsonObject | undefined)?.["accessPolicies"] ?? undefined) as AzAccessPolicy[] | undefined;
  if (!Array.isArray(given) || given.some((e) => typeof e?.objectId !== "string" || typeof e?.tenantId !== "string" || typeof e?.permissions !== "object")) {
    throw badRequest("BadRequest", "The access policy entries must each have a tenantId, an objectId and permissions.");
  }
  const policies = structuredClone(vault.properties.accessPolicies ?? []);
  for (const entry of given) {
    const i = policies.findIndex((e) => e.objectId.toLowerCase() === entry.objectId.toLowerCase() && e.tenantId.toLowerCase() === entry.tenantId.toLowerCase());
    const current = i >= 0 ? policies[i]! : undefined;
    if (kind === "remove") {
      if (!current) continue;
      for (const l of PERMISSION_LISTS) {
        const gone = new Set(lower(entry.permissions[l]));
        if (current.permissions[l]) current.permissions[l] = current.permissions[l]!.filter((x) => !gone.has(x.toLowerCase()));
      }
      if (PERMISSION_LISTS.every((l) => (current.permissions[l] ?? []).length === 0)) policies.splice(i, 1);
      continue;
    }
    if (!current || kind === "replace") {
      const next = { tenantId: entry.tenantId, objectId: entry.objectId, permissions: structuredClone(entry.permissions) };
      if (current) policies[i] = next;
      else policies.push(next);
      continue;
    }
    for (const l of PERMISSION_LISTS) {
      const have = current.permissions[l] ?? [];
      const add = (entry.permissions[l] ?? []).filter((x) => !lower(have).includes(x.toLowerCase()));
      if (have.length || add.length) current.permissions[l] = [...have, ...add];
    }
  }
  if (policies.length > MAX_ACCESS_POLICIES) throw badRequest("BadRequest", `A vault holds at most ${MAX_ACCESS_POLICIES} access policies.`);
  ctx.state.setAccessPolicies(id, policies);
  ctx.send(200, { id: `${id}/accessPolicies/${kind}`, name: kind, type: "Microsoft.KeyVault/vaults/accessPolicies", location: vault.location, properties: { accessPolicies: given } });
}

export const containerRoutes: Route[] = [
  {
    methods: ["PUT"],
    pattern: /^\/subscriptions\/(?<sub>[^/]+)\/resourceGroups\/(?<rg>[^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/(?<name>[^/]+)\/accessPolicies\/(?<kind>[^/]+)$/i,
    handle: updateAccessPolicy,
  },
  ...resourceManagerRoutes,
  ...readOnlyProvider("Microsoft.ContainerService/managedClusters", (ctx) => ctx.state.clusters(), (ctx, id) => ctx.state.cluster(id), armManagedCluster),
  ...readOnlyProvider("Microsoft.KeyVault/vaults", (ctx) => ctx.state.keyVaults(), (ctx, id) => ctx.state.keyVault(id), armKeyVault),
];

