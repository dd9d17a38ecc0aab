import type { AzFederatedCredential, AzIdentity } from "../../scenario/types.js";
import { ArmError, resourceNotFound } from "../errors.js";
import { badRequest, param as p, type ArmContext, type Route, type RouteParams } from "../context.js";
import { sleep } from "../http.js";
import { idKey, resourceGroupOf, subscriptionOf } from "../ids.js";
import { armFederatedCredential, armIdentity } from "../shapes.js";

const MSI = "/subscriptions/(?<sub>[^/]+)/resourceGroups/(?<rg>[^/]+)/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities";
const IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
const FIC_TYPE = `${IDENTITY_TYPE}/federatedIdentityCredentials`;
/** Entra ID's limit per user-assigned identity. */
export const MAX_FEDERATED_CREDENTIALS = 20;

function identityIdFrom(params: RouteParams): string {
  return `/subscriptions/${p(params, "sub")}/resourceGroups/${p(params, "rg")}/providers/${IDENTITY_TYPE}/${p(params, "name")}`;
}

function requireIdentity(ctx: ArmContext, params: RouteParams, action: string): AzIdentity {
  const id = identityIdFrom(params);
  ctx.authorize(id, action);
  ctx.requireResourceGroup(p(params, "sub"), p(params, "rg"));
  const identity = ctx.state.identity(id);
  if (!identity) throw resourceNotFound(id);
  return identity;
}

/** Credential writes in flight per identity: Azure rejects a second concurrent one on the same identity. */
const writesInFlight = new WeakMap<object, Set<string>>();

async function exclusiveWrite<T>(ctx: ArmContext, identityId: string, write: () => T): Promise<T> {
  const inFlight = writesInFlight.get(ctx.state) ?? new Set<string>();
  writesInFlight.set(ctx.state, inFlight);
  const key = idKey(identityId);
  if (inFlight.has(key)) {
    throw new ArmError(
      409,
      "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
      `Too many Federated Identity Credentials are written concurrently for the managed identity '${key}'. Concurrent Federated Identity Credentials writes under the same managed identity are not supported.`,
    );
  }
  inFlight.add(key);
  try {
    await sleep(ctx.settings.ficWriteMs);
    return write();
  } finally {
    inFlight.delete(key);
  }
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

async function putFederatedCredential(ctx: ArmContext, params: RouteParams): Promise<void> {
  const identity = requireIdentity(ctx, params, `${FIC_TYPE}/write`);
  const name = p(params, "fic");
  const body = await ctx.readJsonObject();
  const props = (body["properties"] ?? {}) as Record<string, unknown>;
  const issuer = props["issuer"];
  const subject = props["subject"];
  const audiences = stringArray(props["audiences"]);
  if (typeof issuer !== "string" || issuer === "") throw badRequest("BadRequest", "The federated identity credential property 'issuer' is required.");
  if (typeof subject !== "string" || subject === "") throw badRequest("BadRequest", "The federated identity credential property 'subject' is required.");
  if (!audiences || audiences.length === 0) throw badRequest("BadRequest", "The federated identity credential property 'audiences' is required.");

  const id = `${identity.id}/federatedIdentityCredentials/${name}`;
  const result = await exclusiveWrite(ctx, identity.id, () => {
    const siblings = ctx.state.federatedCredentials(identity.id).filter((f) => idKey(f.id) !== idKey(id));
    if (siblings.some((f) => f.issuer === issuer && f.subject === subject)) {
      throw badRequest("BadRequest", "Issuer and subject combination already exists for this Managed Identity.");
    }
    const existing = ctx.state.federatedCredential(id);
    if (!existing && siblings.length >= MAX_FEDERATED_CREDENTIALS) {
      throw badRequest(
        "BadRequest",
        `The number of federated identity credentials on managed identity '${identity.id}' has reached the limit of ${MAX_FEDERATED_CREDENTIALS}. Delete an unused federated identity credential before adding another.`,
      );
    }
    const now = new Date().toISOString();
    const fic: AzFederatedCredential = {
      id: existing?.id ?? id,
      name: existing?.name ?? name,
      issuer,
      subject,
      audiences,
      type: FIC_TYPE,
      resourceGroup: resourceGroupOf(identity.id) ?? p(params, "rg"),
      systemData: {
        createdAt: existing?.systemData?.createdAt ?? now,
        createdBy: existing?.systemData?.["createdBy"] ?? ctx.caller.clientId,
        createdByType: existing?.systemData?.["createdByType"] ?? "Application",
        lastModifiedAt: now,
        lastModifiedBy: ctx.caller.clientId,
        lastModifiedByType: "Application",
      },
    };
    return { created: ctx.state.putFederatedCredential(fic), fic };
  });
  ctx.send(result.created ? 201 : 200, armFederatedCredential(result.fic));
}

async function deleteFederatedCredential(ctx: ArmContext, params: RouteParams): Promise<void> {
  const identity = requireIdentity(ctx, params, `${FIC_TYPE}/delete`);
  const id = `${identity.id}/federatedIdentityCredentials/${p(params, "fic")}`;
  const deleted = await exclusiveWrite(ctx, identity.id, () => ctx.state.deleteFederatedCredential(id));
  ctx.sendEmpty(deleted ? 200 : 204);
}

function inSubscription(id: string, sub: string): boolean {
  return subscriptionOf(id)?.toLowerCase() === sub.toLowerCase();
}

function inResourceGroup(id: string, rg: string): boolean {
  return resourceGroupOf(id)?.toLowerCase() === rg.toLowerCase();
}

export const identityRoutes: Route[] = [
  {
    methods: ["GET"],
    pattern: /^\/subscriptions\/(?<sub>[^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities$/i,
    handle(ctx, params) {
      const sub = p(params, "sub");
      ctx.authorize(`/subscriptions/${sub}`, `${IDENTITY_TYPE}/read`);
      ctx.requireSubscription(sub);
      const items = ctx.state.identities().filter((i) => inSubscription(i.id, sub) && ctx.canRead(i.id));
      ctx.sendList(items.map(armIdentity));
    },
  },
  {
    methods: ["GET"],
    pattern: new RegExp(`^${MSI}$`, "i"),
    handle(ctx, params) {
      const sub = p(params, "sub");
      const rg = p(params, "rg");
      ctx.authorize(`/subscriptions/${sub}/resourceGroups/${rg}`, `${IDENTITY_TYPE}/read`);
      ctx.requireResourceGroup(sub, rg);
      const items = ctx.state.identities().filter((i) => inSubscription(i.id, sub) && inResourceGroup(i.id, rg) && ctx.canRead(i.id));
      ctx.sendList(items.map(armIdentity));
    },
  },
  {
    methods: ["GET"],
    pattern: new RegExp(`^${MSI}/(?<name>[^/]+)$`, "i"),
    handle(ctx, params) {
      ctx.send(200, armIdentity(requireIdentity(ctx, params, `${IDENTITY_TYPE}/read`)));
    },
  },
  {
    methods: ["GET"],
    pattern: new RegExp(`^${MSI}/(?<name>[^/]+)/federatedIdentityCredentials$`, "i"),
    handle(ctx, params) {
      const identity = requireIdentity(ctx, params, `${FIC_TYPE}/read`);
      const items = ctx.state.federatedCredentials(identity.id).filter((f) => ctx.canRead(f.id));
      ctx.sendList(items.map(armFederatedCredential));
    },
  },
  {
    methods: ["GET", "PUT", "DELETE"],
    pattern: new RegExp(`^${MSI}/(?<name>[^/]+)/federatedIdentityCredentials/(?<fic>[^/]+)$`, "i"),
    async handle(ctx, params) {
      if (ctx.method === "PUT") return putFederatedCredential(ctx, params);
      if (ctx.method === "DELETE") return deleteFederatedCredential(ctx, params);
      const identity = requireIdentity(ctx, params, `${FIC_TYPE}/read`);
      const id = `${identity.id}/federatedIdentityCredentials/${p(params, "fic")}`;
      ctx.authorize(id, `${FIC_TYPE}/read`);
      const fic = ctx.state.federatedCredential(id);
      if (!fic) throw resourceNotFound(id);
      ctx.send(200, armFederatedCredential(fic));
    },
  },
];
