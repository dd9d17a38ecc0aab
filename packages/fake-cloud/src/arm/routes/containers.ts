import type { JsonObject } from "../../scenario/types.js";
import { resourceNotFound } from "../errors.js";
import { param, type ArmContext, type Route } from "../context.js";
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

export const containerRoutes: Route[] = [
  ...resourceManagerRoutes,
  ...readOnlyProvider("Microsoft.ContainerService/managedClusters", (ctx) => ctx.state.clusters(), (ctx, id) => ctx.state.cluster(id), armManagedCluster),
  ...readOnlyProvider("Microsoft.KeyVault/vaults", (ctx) => ctx.state.keyVaults(), (ctx, id) => ctx.state.keyVault(id), armKeyVault),
];

