import type { AzRoleAssignment } from "../../scenario/types.js";
import { ArmError } from "../errors.js";
import { objectEndPosition } from "../json-positions.js";
import { badRequest, param, type ArmContext, type Route, type RouteParams } from "../context.js";
import { idKey, isWithin, lastSegment, normaliseId, resourceGroupOf, subscriptionOf } from "../ids.js";
import { armRoleAssignment, armRoleDefinition } from "../shapes.js";

const ASSIGNMENTS = "Microsoft.Authorization/roleAssignments";
const DEFINITIONS = "Microsoft.Authorization/roleDefinitions";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The scope an extension resource hangs off ("" in the path is the root scope "/"). */
function scopeFrom(params: RouteParams): string {
  return normaliseId(params["scope"] ? decodeURIComponent(params["scope"]) : "/");
}

/** Subscription and resource group of a scope must exist, as ARM checks before the provider sees it. */
function requireScope(ctx: ArmContext, scope: string): void {
  const sub = subscriptionOf(scope);
  if (sub === undefined) return;
  const rg = resourceGroupOf(scope);
  if (rg === undefined) ctx.requireSubscription(sub);
  else ctx.requireResourceGroup(sub, rg);
}

interface AssignmentFilter {
  atScopeOnly: boolean;
  principalId?: string;
}

/** The `$filter` forms roleAssignments.listForScope accepts. */
function parseAssignmentFilter(filter: string | null): AssignmentFilter {
  const result: AssignmentFilter = { atScopeOnly: false };
  if (filter === null || filter.trim() === "") return result;
  for (const clause of filter.split(/\s+and\s+/i)) {
    const c = clause.trim();
    const principal = /^principalId\s+eq\s+'([^']*)'$/i.exec(c) ?? /^assignedTo\('([^']*)'\)$/i.exec(c);
    if (/^atScope\(\)$/i.test(c)) result.atScopeOnly = true;
    else if (principal?.[1] !== undefined) result.principalId = principal[1];
    else {
      throw new ArmError(
        400,
        "UnsupportedQuery",
        `The filter '${filter}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}' or assignedTo('{value}')'.`,
      );
    }
  }
  return result;
}

function listAssignments(ctx: ArmContext, scope: string): void {
  ctx.authorize(scope, `${ASSIGNMENTS}/read`);
  requireScope(ctx, scope);
  const filter = parseAssignmentFilter(ctx.url.searchParams.get("$filter"));
  const principal = filter.principalId?.toLowerCase();
  const items = ctx.state.roleAssignments().filter((a) => {
    if (principal !== undefined && a.principalId.toLowerCase() !== principal) return false;
    const above = isWithin(scope, a.scope);
    if (filter.atScopeOnly ? !above : !above && !isWithin(a.scope, scope)) return false;
    return ctx.canRead(a.scope);
  });
  ctx.sendList(items.map(armRoleAssignment), "$skipToken");
}

/**
 * The Authorization RP's deserialization error (InvalidRequestContent), quoting Newtonsoft:
 * Azure/azure-powershell#12582 ("... Exception message: 'Required property 'principalId' not
 * found in JSON. Path 'properties', line 4, position 3.'").
 */
function missingProperty(text: string, body: Record<string, unknown>, property: string): ArmError {
  const inProperties = typeof body["properties"] === "object" && body["properties"] !== null;
  const name = inProperties ? property : "properties";
  const path = inProperties ? "properties" : "";
  const at = objectEndPosition(text, inProperties ? "properties" : undefined) ?? { line: 1, position: text.length };
  return badRequest(
    "InvalidRequestContent",
    `The content of your request was not valid, and the original object could not be deserialized. Exception message: 'Required property '${name}' not found in JSON. Path '${path}', line ${at.line}, position ${at.position}.'`,
  );
}

function assignmentNotFound(name: string): ArmError {
  return new ArmError(404, "RoleAssignmentNotFound", `The role assignment '${name}' is not found.`);
}

async function createAssignment(ctx: ArmContext, scope: string, name: string): Promise<void> {
  ctx.authorize(scope, `${ASSIGNMENTS}/write`);
  requireScope(ctx, scope);
  if (!GUID.test(name)) throw badRequest("InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  const body = await ctx.readJsonObject();
  const props = (body["properties"] ?? {}) as Record<string, unknown>;
  const roleDefinitionId = props["roleDefinitionId"];
  const principalId = props["principalId"];
  if (typeof roleDefinitionId !== "string" || typeof principalId !== "string") throw missingProperty(ctx.bodyText, body, typeof roleDefinitionId !== "string" ? "roleDefinitionId" : "principalId");
  const definition = ctx.state.roleDefinition(roleDefinitionId);
  if (!definition) {
    throw badRequest("RoleDefinitionDoesNotExist", `The specified role definition with ID '${lastSegment(roleDefinitionId)}' does not exist.`);
  }
  if (!ctx.state.directoryObjectExists(principalId)) {
    throw badRequest(
      "PrincipalNotFound",
      `Principal ${principalId.replace(/-/g, "")} does not exist in the directory ${ctx.state.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    );
  }
  const id = `${scope === "/" ? "" : scope}/providers/${ASSIGNMENTS}/${name}`;
  const sameRole = (a: AzRoleAssignment): boolean =>
    a.principalId.toLowerCase() === principalId.toLowerCase() && lastSegment(a.roleDefinitionId).toLowerCase() === lastSegment(roleDefinitionId).toLowerCase();
  const existing = ctx.state.roleAssignment(id);
  if (existing && !(sameRole(existing) && idKey(existing.scope) === idKey(scope))) {
    throw badRequest("RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
  }
  if (existing || ctx.state.roleAssignments().some((a) => sameRole(a) && idKey(a.scope) === idKey(scope))) {
    throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
  }
  const now = new Date().toISOString();
  const principalType = typeof props["principalType"] === "string" ? props["principalType"] : "ServicePrincipal";
  const assignment: AzRoleAssignment = {
    id,
    name,
    type: ASSIGNMENTS,
    principalId,
    principalType: principalType as AzRoleAssignment["principalType"],
    roleDefinitionId: normaliseId(roleDefinitionId),
    scope,
    condition: typeof props["condition"] === "string" ? props["condition"] : null,
    conditionVersion: typeof props["conditionVersion"] === "string" ? props["conditionVersion"] : null,
    createdOn: now,
    updatedOn: now,
    createdBy: ctx.caller.objectId,
    updatedBy: ctx.caller.objectId,
    delegatedManagedIdentityResourceId: null,
    description: typeof props["description"] === "string" ? props["description"] : null,
  };
  ctx.state.putRoleAssignment(assignment);
  ctx.send(201, armRoleAssignment(assignment));
}

function definitionsFilter(filter: string | null): (d: { roleName: string; roleType?: string }) => boolean {
  const byName = filter ? /roleName\s+eq\s+'([^']*)'/i.exec(filter)?.[1] : undefined;
  const byType = filter ? /type\s+eq\s+'([^']*)'/i.exec(filter)?.[1] : undefined;
  return (d) => (byName === undefined || d.roleName.toLowerCase() === byName.toLowerCase()) && (byType === undefined || (d.roleType ?? "BuiltInRole").toLowerCase() === byType.toLowerCase());
}

function definitionNotFound(guid: string): ArmError {
  return new ArmError(404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${guid}' does not exist.`);
}

export const authorizationRoutes: Route[] = [
  {
    methods: ["GET", "PUT", "DELETE"],
    pattern: /^(?<scope>.*?)\/providers\/Microsoft\.Authorization\/roleAssignments(?:\/(?<name>[^/]+))?$/i,
    async handle(ctx, params) {
      const scope = scopeFrom(params);
      if (params["name"] === undefined) {
        if (ctx.method !== "GET") throw new ArmError(405, "MethodNotAllowed", `The requested resource does not support http method '${ctx.method}'.`);
        return listAssignments(ctx, scope);
      }
      const name = param(params, "name");
      if (ctx.method === "PUT") return createAssignment(ctx, scope, name);
      const id = `${scope === "/" ? "" : scope}/providers/${ASSIGNMENTS}/${name}`;
      if (ctx.method === "DELETE") {
        ctx.authorize(scope, `${ASSIGNMENTS}/delete`);
        requireScope(ctx, scope);
        const deleted = ctx.state.deleteRoleAssignment(id);
        if (deleted) ctx.send(200, armRoleAssignment(deleted));
        else ctx.sendEmpty(204);
        return;
      }
      ctx.authorize(scope, `${ASSIGNMENTS}/read`);
      requireScope(ctx, scope);
      const assignment = ctx.state.roleAssignment(id);
      if (!assignment) throw assignmentNotFound(name);
      ctx.send(200, armRoleAssignment(assignment));
    },
  },
  {
    methods: ["GET"],
    pattern: /^(?<scope>.*?)\/providers\/Microsoft\.Authorization\/roleDefinitions(?:\/(?<guid>[^/]+))?$/i,
    handle(ctx, params) {
      const scope = scopeFrom(params);
      ctx.authorize(scope, `${DEFINITIONS}/read`);
      requireScope(ctx, scope);
      if (params["guid"] === undefined) {
        const matches = definitionsFilter(ctx.url.searchParams.get("$filter"));
        const items = ctx.state
          .roleDefinitions()
          .filter((d) => (d.assignableScopes ?? ["/"]).some((s) => isWithin(scope, s) || isWithin(s, scope)))
          .filter(matches);
        ctx.sendList(items.map((d) => armRoleDefinition(d, scope)));
        return;
      }
      const guid = param(params, "guid");
      const definition = ctx.state.roleDefinition(guid);
      if (!definition) throw definitionNotFound(guid);
      ctx.send(200, armRoleDefinition(definition, scope));
    },
  },
];
