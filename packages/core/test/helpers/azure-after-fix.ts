import { isDeepStrictEqual } from "node:util";
import type { AzureStep } from "@wid/core";

/** Azure CLI exports by file name: the value each file holds (an array, or one object). */
export type AzureExports = Record<string, unknown>;

export interface AzureStepsResult {
  exports: AzureExports;
  /** Per step: whether Azure changed (false: it already held what the step wants). */
  changed: boolean[];
}

type Element = Record<string, unknown>;

const FIC_TYPE = "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials";
const ASSIGNMENT_TYPE = "microsoft.authorization/roleassignments";
const VAULT_TYPE = "microsoft.keyvault/vaults";

function typeOf(e: unknown): string {
  return typeof e === "object" && e !== null && typeof (e as Element)["type"] === "string" ? ((e as Element)["type"] as string).toLowerCase() : "";
}

function lower(s: unknown): string {
  return typeof s === "string" ? s.toLowerCase() : "";
}

interface Held {
  file: string;
  /** The array holding the element; undefined for an export of one object. */
  list: unknown[] | undefined;
  element: Element;
}

/** Every element of every export, with the file and array that hold it. */
function elements(exports: AzureExports): Held[] {
  const out: Held[] = [];
  for (const [file, value] of Object.entries(exports)) {
    if (Array.isArray(value)) {
      for (const e of value) if (typeof e === "object" && e !== null) out.push({ file, list: value, element: e as Element });
    } else if (typeof value === "object" && value !== null) out.push({ file, list: undefined, element: value as Element });
  }
  return out;
}

/** The export file that lists elements of `type` (the first one holding an element of that parent, else any), or a new one. */
function listFor(exports: AzureExports, type: string, fallback: string, prefer?: (e: Element) => boolean): unknown[] {
  const all = elements(exports).filter((x) => x.list && typeOf(x.element) === type);
  const chosen = (prefer && all.find((x) => prefer(x.element))) ?? all[0];
  if (chosen?.list) return chosen.list;
  const named = exports[fallback];
  if (Array.isArray(named)) return named;
  const list: unknown[] = [];
  exports[fallback] = list;
  return list;
}

function segment(id: string, name: string): string | undefined {
  const parts = id.split("/");
  const i = parts.findIndex((p) => p.toLowerCase() === name.toLowerCase());
  return i >= 0 ? parts[i + 1] : undefined;
}

class GuardFailed extends Error {}

/**
 * What the Azure CLI exports would print after Azure ran `steps`: a model of each operation's
 * effect on the exported resources (a federated credential created, updated or deleted; a role
 * assignment granted or removed; a Key Vault access policy added to), for tests that check a fix's Azure plan
 * mends what the check found. A step whose guard no longer holds (the credential is not as read)
 * throws, as the Azure executor must refuse it. `now` dates what is created.
 */
export function azureAfterSteps(before: AzureExports, steps: readonly AzureStep[], now: string): AzureStepsResult {
  const exports = structuredClone(before) as AzureExports;
  const changed = steps.map((step) => apply(exports, step, now));
  return { exports, changed };
}

function apply(exports: AzureExports, step: AzureStep, now: string): boolean {
  switch (step.op) {
    case "federatedCredential.createOrUpdate": {
      const { identityId, name, issuer, subject, audiences } = step.params;
      const id = `${identityId}/federatedIdentityCredentials/${name}`;
      const found = elements(exports).find((x) => typeOf(x.element) === FIC_TYPE && lower(x.element["id"]) === id.toLowerCase());
      if (found) {
        const e = found.element;
        const current = { issuer: e["issuer"], subject: e["subject"], audiences: e["audiences"] };
        if (isDeepStrictEqual(current, { issuer, subject, audiences })) return false;
        if ("absent" in step.expect || !isDeepStrictEqual(current, step.expect)) throw new GuardFailed(`federated credential ${name} is not as the plan read it`);
        Object.assign(e, { issuer, subject, audiences });
        const system = e["systemData"];
        if (typeof system === "object" && system !== null) Object.assign(system, { lastModifiedAt: now });
        return true;
      }
      if (!("absent" in step.expect)) throw new GuardFailed(`federated credential ${name} was deleted since the plan read it`);
      const list = listFor(exports, FIC_TYPE, "federated-credentials.json", (e) => lower(e["id"]).startsWith(`${identityId.toLowerCase()}/`));
      list.push({
        audiences,
        claimsMatchingExpression: null,
        id,
        issuer,
        name,
        resourceGroup: segment(identityId, "resourceGroups"),
        subject,
        systemData: { createdAt: now, createdBy: "wid", createdByType: "Application", lastModifiedAt: now, lastModifiedBy: "wid", lastModifiedByType: "Application" },
        type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      });
      return true;
    }
    case "federatedCredential.delete": {
      const id = `${step.params.identityId}/federatedIdentityCredentials/${step.params.name}`.toLowerCase();
      const found = elements(exports).find((x) => typeOf(x.element) === FIC_TYPE && lower(x.element["id"]) === id);
      if (!found) return false;
      if (!found.list) throw new GuardFailed(`the export of federated credential ${step.params.name} holds it alone`);
      found.list.splice(found.list.indexOf(found.element), 1);
      return true;
    }
    case "roleAssignment.create": {
      const { principalId, principalType, roleDefinitionGuid, roleName, scope } = step.params;
      const same = elements(exports).some(
        (x) =>
          typeOf(x.element) === ASSIGNMENT_TYPE &&
          lower(x.element["principalId"]) === principalId.toLowerCase() &&
          lower(x.element["roleDefinitionId"]).endsWith(`/${roleDefinitionGuid.toLowerCase()}`) &&
          lower(x.element["scope"]) === scope.toLowerCase(),
      );
      // Azure answers 409 RoleAssignmentExists: nothing changes
      if (same) return false;
      const name = `00000000-0000-4000-8000-${String(elements(exports).length).padStart(12, "0")}`;
      const rg = segment(scope, "resourceGroups");
      listFor(exports, ASSIGNMENT_TYPE, "role-assignments.json").push({
        condition: null,
        conditionVersion: null,
        createdBy: "wid",
        createdOn: now,
        delegatedManagedIdentityResourceId: null,
        description: null,
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        name,
        principalId,
        principalName: null,
        principalType,
        ...(rg ? { resourceGroup: rg } : {}),
        roleDefinitionId: `/subscriptions/${segment(scope, "subscriptions")}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionGuid}`,
        roleDefinitionName: roleName,
        scope,
        type: "Microsoft.Authorization/roleAssignments",
        updatedBy: "wid",
        updatedOn: now,
      });
      return true;
    }
    case "roleAssignment.delete": {
      const found = elements(exports).find((x) => typeOf(x.element) === ASSIGNMENT_TYPE && lower(x.element["id"]) === step.params.id.toLowerCase());
      if (!found) return false;
      if (!found.list) throw new GuardFailed(`the export of role assignment ${step.params.id} holds it alone`);
      found.list.splice(found.list.indexOf(found.element), 1);
      return true;
    }
    case "identity.create":
      // checks never plan one (kubectl wid setup does): the exports hold no identity to compare it with
      throw new GuardFailed(`identity ${step.params.identityId} is created by setup, not by a check's fix`);
    case "keyVault.setAccessPolicy": {
      const { vaultId, tenantId, objectId, permissions } = step.params;
      const vault = elements(exports).find((x) => typeOf(x.element) === VAULT_TYPE && lower(x.element["id"]) === vaultId.toLowerCase());
      if (!vault) throw new GuardFailed(`Key Vault ${vaultId} is not in the exports`);
      const props = vault.element["properties"] as Element;
      const policies = (props["accessPolicies"] ??= []) as Element[];
      let policy = policies.find((p) => lower(p["objectId"]) === objectId.toLowerCase());
      let grew = false;
      if (!policy) {
        policy = { applicationId: null, objectId, permissions: { certificates: [], keys: [], secrets: [], storage: null }, tenantId: tenantId ?? props["tenantId"] };
        policies.push(policy);
        grew = true;
      }
      const held = policy["permissions"] as Record<string, string[] | null>;
      // the "add" operation of an access policy update: permissions join the ones held
      for (const [list, wanted] of Object.entries(permissions)) {
        const have = held[list] ?? [];
        const missing = (wanted ?? []).filter((w) => !have.some((h) => h.toLowerCase() === w.toLowerCase() || h.toLowerCase() === "all"));
        if (missing.length) {
          held[list] = [...have, ...missing];
          grew = true;
        }
      }
      return grew;
    }
  }
}
