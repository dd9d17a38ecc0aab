import { randomUUID } from "node:crypto";
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

/**
 * How the Managed Identity RP names an identity in its messages: the fixed segments lower-cased,
 * the names as given (`/subscriptions/s/resourcegroups/MyRg/providers/microsoft.managedidentity/userassignedidentities/MyId`,
 * Azure/bicep-registry-modules#1447).
 */
function rpIdentityId(params: RouteParams): string {
  return `/subscriptions/${p(params, "sub")}/resourcegroups/${p(params, "rg")}/providers/microsoft.managedidentity/userassignedidentities/${p(params, "name")}`;
}

/** Credential writes in flight per identity: Azure rejects a second concurrent one on the same identity. */
const writesInFlight = new WeakMap<object, Set<string>>();

async function exclusiveWrite<T>(ctx: ArmContext, params: RouteParams, identityId: string, write: () => T): Promise<T> {
  const inFlight = writesInFlight.get(ctx.state) ?? new Set<string>();
  writesInFlight.set(ctx.state, inFlight);
  const key = idKey(identityId);
  if (inFlight.has(key)) {
    throw new ArmError(
      409,
      "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
      `Too many Federated Identity Credentials are written concurrently for the managed identity '${rpIdentityId(params)}'. Concurrent Federated Identity Credentials writes under the same managed identity are not supported.`,
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

/** 3-120 letters, digits, dashes and underscores, starting with a letter or digit. */
const FIC_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

async function putFederatedCredential(ctx: ArmContext, params: RouteParams): Promise<void> {
  const identity = requireIdentity(ctx, params, `${FIC_TYPE}/write`);
  const name = p(params, "fic");
  // Texts from the RP's documented errors (Entra "workload identity federation: create trust",
  // ARM template tab) and from errors quoted by its clients (zioproto/istio-aks-example#6).
  if (!FIC_NAME.test(name)) throw badRequest("BadRequest", `Federated Identity Credential name '${name}' is invalid.`);
  const body = await ctx.readJsonObject();
  const props = (body["properties"] ?? {}) as Record<string, unknown>;
  const issuer = props["issuer"];
  const subject = props["subject"];
  const audiences = stringArray(props["audiences"]);
  if (typeof issuer !== "string" || issuer === "" || typeof subject !== "string" || subject === "" || !audiences || audiences.length === 0) {
    throw badRequest("BadRequest", "The request format was unexpected. Federated Identity Credential must specify 'issuer', 'subject' and 'audience'.");
  }
  if (audiences.length !== 1) throw badRequest("BadRequest", "Federated identity credentials must have exactly 1 audience.");

  const id = `${identity.id}/federatedIdentityCredentials/${name}`;
  const result = await exclusiveWrite(ctx, params, identity.id, () => {
    const siblings = ctx.state.federatedCredentials(identity.id).filter((f) => idKey(f.id) !== idKey(id));
    if (siblings.some((f) => f.issuer === issuer && f.subject === subject)) {
      // 400 per the RP's error table; deployments report the code as Conflict.
      throw badRequest("Conflict", "Issuer and subject combination already exists for this Managed Identity.");
    }
    const existing = ctx.state.federatedCredential(id);
    // No public record quotes the RP's answer to a 21st credential: the status and code follow its
    // other validation errors, and the text is this simulation's own (match on the status, not on it).
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
        // a credential that predates the simulation keeps its unknown creation time
        ...(existing ? (existing.systemData?.createdAt ? { createdAt: existing.systemData.createdAt } : {}) : { createdAt: now }),
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
  const deleted = await exclusiveWrite(ctx, params, identity.id, () => ctx.state.deleteFederatedCredential(id));
  ctx.sendEmpty(deleted ? 200 : 204);
}

/** 3-128 letters, digits, dashes and underscores, starting with a letter or digit (the RP's rule for identity names). */
const IDENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;

/**
 * Creates a user-assigned identity (with a new client id and service principal, as the RP and
 * Entra ID make them) or updates the tags of one; its location cannot change.
 */
async function putIdentity(ctx: ArmContext, params: RouteParams): Promise<void> {
  const id = identityIdFrom(params);
  ctx.authorize(id, `${IDENTITY_TYPE}/write`);
  ctx.requireResourceGroup(p(params, "sub"), p(params, "rg"));
  const name = p(params, "name");
  if (!IDENTITY_NAME.test(name)) {
    throw badRequest("InvalidResourceName", `Resource name ${name} is invalid. The name can be between 3 and 128 characters long and can contain only letters, numbers, hyphens and underscores, and must start with a letter or a number.`);
  }
  const body = await ctx.readJsonObject();
  const location = body["location"];
  if (typeof location !== "string" || location.trim() === "") throw badRequest("LocationRequired", "The location property is required for this definition.");
  const tags = (typeof body["tags"] === "object" && body["tags"] !== null ? body["tags"] : {}) as Record<string, string>;
  const existing = ctx.state.identity(id);
  if (existing && existing.location.toLowerCase() !== location.toLowerCase()) {
    throw badRequest("InvalidResourceLocation", `The resource '${name}' already exists in location '${existing.location}' in resource group '${p(params, "rg")}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`);
  }
  const identity: AzIdentity = existing
    ? { ...existing, tags }
    : // the RP writes "resourcegroups" in lower case in the ids it makes (az identity show prints them so)
      { id: `/subscriptions/${p(params, "sub")}/resourcegroups/${p(params, "rg")}/providers/${IDENTITY_TYPE}/${name}`, name, location, clientId: randomUUID(), principalId: randomUUID(), tenantId: ctx.state.tenantId, resourceGroup: p(params, "rg"), type: IDENTITY_TYPE, tags };
  const created = ctx.state.putIdentity(identity);
  ctx.send(created ? 201 : 200, armIdentity(identity));
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
    methods: ["GET", "PUT"],
    pattern: new RegExp(`^${MSI}/(?<name>[^/]+)$`, "i"),
    async handle(ctx, params) {
      if (ctx.method === "PUT") return putIdentity(ctx, params);
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
