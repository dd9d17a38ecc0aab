import { randomUUID } from "node:crypto";
import type { AzurePlan, AzureStep } from "../../model/fix.js";
import type { FederatedCredential } from "../../model/azure.js";
import { all } from "../../sources/live-azure/session.js";
import { toFederatedCredential, toKeyVault, toRoleAssignment } from "../../sources/live-azure/to-model.js";
import { ArmCallError, ArmWriter } from "./azure-arm.js";
import { parseIdentityId, parseVaultId, sameId, subscriptionOfId } from "./azure-ids.js";
import type { ApplyOptions, LiveTargets, StepOutcome } from "./live-types.js";

/** A step whose precondition holds: how to write it, and how to tell afterwards whether Azure holds it. */
interface Ready {
  write(): Promise<void>;
  holds(): Promise<boolean>;
}

type Checked = Ready | StepOutcome;

const isOutcome = (c: Checked): c is StepOutcome => "status" in c;

/** Writes in flight per identity, across every plan of this process: Azure refuses concurrent ones with 409. */
const locks = new Map<string, Promise<void>>();

async function withLock<T>(key: string | undefined, task: () => Promise<T>): Promise<T> {
  if (key === undefined) return task();
  const before = locks.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const chained = before.then(() => mine);
  locks.set(key, chained);
  await before;
  try {
    return await task();
  } finally {
    release();
    if (locks.get(key) === chained) locks.delete(key);
  }
}

/** The code Azure answers a second write to one identity's credentials while the first is in flight. */
const CONCURRENT_FIC_WRITES = "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity";
/** Waits before each new try of a write Azure refused as concurrent with another one (someone else's). */
const CONCURRENT_RETRY_MS = [1_000, 2_000, 4_000];

/** What the user reads about the object of a step. */
export function azureObjectName(step: AzureStep): string {
  switch (step.op) {
    case "federatedCredential.createOrUpdate":
    case "federatedCredential.delete":
      return `federated credential "${step.params.name}" of identity ${step.params.identityId.split("/").pop()}`;
    case "roleAssignment.create":
    case "roleAssignment.delete":
      return `role "${step.params.roleName}" of principal ${step.params.principalId} on ${step.params.scope.split("/").pop() || "/"}`;
    case "keyVault.setAccessPolicy":
      return `access policy of principal ${step.params.objectId} on Key Vault ${step.params.vaultId.split("/").pop()}`;
    case "identity.create":
      return `identity ${step.params.identityId.split("/").pop()}`;
  }
}

/**
 * Applies an Azure plan through the ARM SDKs, with the live doctor's credential. Every step's
 * precondition is checked before any is written (a federated credential as the plan read it, or
 * its absence; a role assignment not there yet; ...), and checked again just before its own
 * write, so a plan made from a state that has changed since is refused rather than applied over
 * it. A step whose change Azure holds already is `unchanged`. Writes to one identity's
 * federated credentials never run at once; a write refused as concurrent with someone else's is
 * tried again after a wait. Throttled requests wait for their `Retry-After` (the SDK's retry
 * policy). A write whose answer is lost is followed by a read that says whether it was made.
 */
export async function applyAzurePlan(plan: AzurePlan, targets: LiveTargets, opts: ApplyOptions = {}): Promise<StepOutcome[]> {
  const arm = new ArmWriter(targets);
  const stopped = () => targets.signal?.aborted === true;
  const outcomes: (StepOutcome | undefined)[] = plan.steps.map(() => undefined);
  const ready: { index: number; step: AzureStep }[] = [];

  for (const [index, step] of plan.steps.entries()) {
    if (stopped()) {
      outcomes[index] = { step, status: "refused", reason: `${azureObjectName(step)}: not changed: the run was stopped before this step` };
      continue;
    }
    const checked = await check(step, arm);
    if (isOutcome(checked)) outcomes[index] = checked;
    else ready.push({ index, step });
  }
  const blocking = outcomes.find((o) => o && (o.status === "refused" || o.status === "failed"));
  if (blocking || opts.dryRun) {
    for (const r of ready) {
      outcomes[r.index] = blocking
        ? { step: r.step, status: "refused", reason: `${azureObjectName(r.step)}: not changed, because another step of this fix cannot be applied (${azureObjectName(blocking.step as AzureStep)})` }
        : { step: r.step, status: "applied", reason: `${azureObjectName(r.step)}: Azure's current state allows the change (dry run); nothing was changed` };
    }
    for (const o of outcomes) opts.onStep?.(o!);
    return outcomes as StepOutcome[];
  }

  let failedAt: StepOutcome | undefined;
  let next = 0;
  const emitUpTo = (index: number) => {
    for (; next <= index; next++) opts.onStep?.(outcomes[next]!);
  };
  for (const r of ready) {
    emitUpTo(r.index - 1);
    const name = azureObjectName(r.step);
    if (failedAt || stopped()) {
      outcomes[r.index] = { step: r.step, status: "refused", reason: failedAt ? `${name}: not changed, because an earlier step did not apply (${azureObjectName(failedAt.step as AzureStep)})` : `${name}: not changed: the run was stopped before this step` };
      continue;
    }
    const outcome = await apply(r.step, arm);
    outcomes[r.index] = outcome;
    if (outcome.status === "refused" || outcome.status === "failed") failedAt = outcome;
  }
  emitUpTo(outcomes.length - 1);
  return outcomes as StepOutcome[];
}

/** Writes under the same key never run at once: one identity's federated credentials. */
function lockOf(step: AzureStep): string | undefined {
  return step.op === "federatedCredential.createOrUpdate" || step.op === "federatedCredential.delete" ? step.params.identityId.toLowerCase() : undefined;
}

/** Checks the step again, under its lock (another plan may have written it meanwhile), and writes it. */
async function apply(step: AzureStep, arm: ArmWriter): Promise<StepOutcome> {
  const name = azureObjectName(step);
  return withLock(lockOf(step), async () => {
    const checked = await check(step, arm);
    if (isOutcome(checked)) return checked;
    for (let attempt = 0; ; attempt++) {
      try {
        await checked.write();
        return { step, status: "applied", reason: `${name}: ${doneWords(step)}` };
      } catch (e) {
        if (!(e instanceof ArmCallError)) throw e;
        const f = e.failure;
        if (f.code === CONCURRENT_FIC_WRITES && attempt < CONCURRENT_RETRY_MS.length) {
          await new Promise((r) => setTimeout(r, CONCURRENT_RETRY_MS[attempt]));
          continue;
        }
        if (f.code === "RoleAssignmentExists") return { step, status: "unchanged", reason: `${name}: Azure holds this role assignment already` };
        if (f.unknownOutcome) {
          const made = await checked.holds().catch(() => undefined);
          if (made === true) return { step, status: "applied", reason: `${name}: the answer was lost (${f.message}), but reading it again shows the change made` };
          return { step, status: "failed", reason: `${name}: ${f.message}; ${made === false ? "reading it again shows it unchanged" : "wid could not read it again to tell whether the change was made"}` };
        }
        return { step, status: "failed", reason: `${name}: ${failureWords(f.status, f.message)}` };
      }
    }
  });
}

function doneWords(step: AzureStep): string {
  switch (step.op) {
    case "federatedCredential.createOrUpdate":
      return step.expect && "absent" in step.expect ? "created" : "updated";
    case "federatedCredential.delete":
    case "roleAssignment.delete":
      return "deleted";
    case "roleAssignment.create":
      return "granted";
    case "keyVault.setAccessPolicy":
      return "set";
    case "identity.create":
      return "created";
  }
}

function failureWords(status: number | undefined, message: string): string {
  if (status === 403) return `you may not make this change (${message})`;
  if (status === 409) return `Azure refused the change as conflicting with another one (${message}); nothing was changed`;
  if (status === 429) return `Azure throttled the requests and still did after waiting as told (${message})`;
  return message;
}

/** The precondition of a step, read from Azure now. */
async function check(step: AzureStep, arm: ArmWriter): Promise<Checked> {
  try {
    switch (step.op) {
      case "federatedCredential.createOrUpdate":
        return await checkFicWrite(step, arm);
      case "federatedCredential.delete":
        return await checkFicDelete(step, arm);
      case "roleAssignment.create":
        return await checkRoleCreate(step, arm);
      case "roleAssignment.delete":
        return await checkRoleDelete(step, arm);
      case "keyVault.setAccessPolicy":
        return await checkAccessPolicy(step, arm);
      case "identity.create":
        return await checkIdentityCreate(step, arm);
    }
  } catch (e) {
    if (!(e instanceof ArmCallError)) throw e;
    const f = e.failure;
    if (f.status === 404) return { step, status: "refused", reason: `${azureObjectName(step)}: ${f.message}: not changed` };
    return { step, status: "failed", reason: `${azureObjectName(step)}: ${f.status === 403 ? `you may not read it (${f.message})` : f.message}` };
  }
}

const sameAudiences = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const sameFic = (f: { issuer: string; subject: string; audiences: readonly string[] }, g: { issuer: string; subject: string; audiences: readonly string[] }) =>
  f.issuer === g.issuer && f.subject === g.subject && sameAudiences(f.audiences, g.audiences);

/** Entra ID's limit of federated credentials per identity. */
const MAX_FICS = 20;

type Step<Op extends AzureStep["op"]> = Extract<AzureStep, { op: Op }>;

async function checkFicWrite(step: Step<"federatedCredential.createOrUpdate">, arm: ArmWriter): Promise<Checked> {
  const name = azureObjectName(step);
  const p = step.params;
  const ref = parseIdentityId(p.identityId);
  if (!ref) return { step, status: "refused", reason: `${name}: ${p.identityId} is not the resource id of a user-assigned identity` };
  const msi = arm.of(ref.subscriptionId).msi.federatedIdentityCredentials;
  const list = async (): Promise<FederatedCredential[]> => (await arm.call((o) => all(msi.list(ref.resourceGroup, ref.name, o)))).map(toFederatedCredential).filter((f): f is FederatedCredential => f !== undefined);
  const fics = await list();
  const current = fics.find((f) => f.name.toLowerCase() === p.name.toLowerCase());
  if (current && sameFic(current, p)) return { step, status: "unchanged", reason: `${name} holds this issuer, subject and audience already` };
  const other = fics.find((f) => f !== current && f.issuer === p.issuer && f.subject === p.subject);
  if (other && sameAudiences(other.audiences, p.audiences)) return { step, status: "unchanged", reason: `${name}: credential "${other.name}" of the identity trusts this issuer, subject and audience already` };
  if ("absent" in step.expect) {
    if (current) return { step, status: "refused", reason: `${name} was created since wid read the identity (subject ${current.subject}, issuer ${current.issuer}): not overwritten; run wid again` };
  } else {
    if (!current) return { step, status: "refused", reason: `${name} was deleted since wid read it: not created again; run wid again` };
    if (!sameFic(current, step.expect)) return { step, status: "refused", reason: `${name} changed since wid read it (subject ${current.subject}, issuer ${current.issuer}): not overwritten; run wid again` };
  }
  if (other) return { step, status: "refused", reason: `${name}: credential "${other.name}" of the identity has this issuer and subject already (audiences ${other.audiences.join(", ")}), and Azure refuses two alike: correct that one instead` };
  if (!current && fics.length >= MAX_FICS) return { step, status: "refused", reason: `${name}: the identity has ${fics.length} federated credentials, the most Entra ID allows: delete one it no longer needs first` };
  return {
    write: async () => {
      await arm.call((o) => msi.createOrUpdate(ref.resourceGroup, ref.name, p.name, { issuer: p.issuer, subject: p.subject, audiences: p.audiences }, o));
    },
    holds: async () => (await list()).some((f) => f.name.toLowerCase() === p.name.toLowerCase() && sameFic(f, p)),
  };
}

async function checkFicDelete(step: Step<"federatedCredential.delete">, arm: ArmWriter): Promise<Checked> {
  const name = azureObjectName(step);
  const p = step.params;
  const ref = parseIdentityId(p.identityId);
  if (!ref) return { step, status: "refused", reason: `${name}: ${p.identityId} is not the resource id of a user-assigned identity` };
  const msi = arm.of(ref.subscriptionId).msi.federatedIdentityCredentials;
  const exists = async () => {
    try {
      await arm.call((o) => msi.get(ref.resourceGroup, ref.name, p.name, o));
      return true;
    } catch (e) {
      if (e instanceof ArmCallError && e.failure.status === 404) return false;
      throw e;
    }
  };
  if (!(await exists())) return { step, status: "unchanged", reason: `${name} is gone already` };
  return {
    write: async () => {
      await arm.call((o) => msi.delete(ref.resourceGroup, ref.name, p.name, o));
    },
    holds: async () => !(await exists()),
  };
}

/** Whether `inner` lies at or below `outer` (ARM scopes, compared without regard to case). */
function within(inner: string, outer: string): boolean {
  const i = inner.replace(/\/+$/, "").toLowerCase();
  const o = outer.replace(/\/+$/, "").toLowerCase();
  return o === "" || i === o || i.startsWith(`${o}/`);
}

/** arm-authorization puts a scope after a "/" of its own: without its leading "/" the path has one. */
const bare = (scope: string) => scope.replace(/^\/+/, "");

async function checkRoleCreate(step: Step<"roleAssignment.create">, arm: ArmWriter): Promise<Checked> {
  const name = azureObjectName(step);
  const p = step.params;
  const sub = subscriptionOfId(p.scope);
  if (!sub) return { step, status: "refused", reason: `${name}: ${p.scope} is not a scope within a subscription` };
  const authz = arm.of(sub).authorization.roleAssignments;
  const granted = async () => {
    const list = await arm.call((o) => all(authz.listForScope(bare(p.scope), { ...o, filter: `principalId eq '${p.principalId}'` })));
    return list.map(toRoleAssignment).find((a) => a && a.roleDefinitionId.split("/").pop()!.toLowerCase() === p.roleDefinitionGuid.toLowerCase() && within(p.scope, a.scope));
  };
  const already = await granted();
  if (already) return { step, status: "unchanged", reason: `${name}: granted already${sameId(already.scope, p.scope) ? "" : ` at ${already.scope}`}` };
  return {
    write: async () => {
      const roleDefinitionId = `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${p.roleDefinitionGuid}`;
      await arm.call((o) => authz.create(bare(p.scope), randomUUID(), { roleDefinitionId, principalId: p.principalId, principalType: p.principalType }, o));
    },
    holds: async () => (await granted()) !== undefined,
  };
}

async function checkRoleDelete(step: Step<"roleAssignment.delete">, arm: ArmWriter): Promise<Checked> {
  const name = azureObjectName(step);
  const p = step.params;
  const sub = subscriptionOfId(p.id) ?? subscriptionOfId(p.scope);
  if (!sub) return { step, status: "refused", reason: `${name}: ${p.id} is not a role assignment within a subscription` };
  const authz = arm.of(sub).authorization.roleAssignments;
  const read = async () => {
    try {
      return toRoleAssignment(await arm.call((o) => authz.getById(bare(p.id), o)));
    } catch (e) {
      if (e instanceof ArmCallError && e.failure.status === 404) return undefined;
      throw e;
    }
  };
  const current = await read();
  if (!current) return { step, status: "unchanged", reason: `${name}: the assignment is gone already` };
  if (current.principalId.toLowerCase() !== p.principalId.toLowerCase()) {
    return { step, status: "refused", reason: `${name}: assignment ${p.id} now names principal ${current.principalId}: not deleted` };
  }
  return {
    write: async () => {
      await arm.call((o) => authz.deleteById(bare(p.id), o));
    },
    holds: async () => (await read()) === undefined,
  };
}

async function checkAccessPolicy(step: Step<"keyVault.setAccessPolicy">, arm: ArmWriter): Promise<Checked> {
  const name = azureObjectName(step);
  const p = step.params;
  const ref = parseVaultId(p.vaultId);
  if (!ref) return { step, status: "refused", reason: `${name}: ${p.vaultId} is not the resource id of a Key Vault` };
  const vaults = arm.of(ref.subscriptionId).vaults.vaults;
  const missing = async () => {
    const vault = toKeyVault(await arm.call((o) => vaults.get(ref.resourceGroup, ref.name, o)));
    if (!vault) throw new ArmCallError({ message: `Key Vault ${ref.name} came back without its properties`, unknownOutcome: false });
    const entry = vault.accessPolicies.find((a) => a.objectId.toLowerCase() === p.objectId.toLowerCase());
    const lists = ["secrets", "keys", "certificates"] as const;
    const lacking = lists.flatMap((l) => (p.permissions[l] ?? []).filter((perm) => !(entry?.permissions[l] ?? []).some((have) => have.toLowerCase() === perm.toLowerCase() || have.toLowerCase() === "all")).map((perm) => `${perm} ${l}`));
    return { vault, lacking };
  };
  const now = await missing();
  if (now.lacking.length === 0) return { step, status: "unchanged", reason: `${name}: the policy allows this already` };
  if (now.vault.enableRbacAuthorization) {
    return { step, status: "refused", reason: `${name}: the vault uses Azure RBAC now, which ignores access policies: not set (grant a role on the vault instead)` };
  }
  return {
    write: async () => {
      const entry = { tenantId: p.tenantId ?? now.vault.tenantId ?? "", objectId: p.objectId, permissions: p.permissions };
      await arm.call((o) => vaults.updateAccessPolicy(ref.resourceGroup, ref.name, "add", { properties: { accessPolicies: [entry as never] } }, o));
    },
    holds: async () => (await missing()).lacking.length === 0,
  };
}

async function checkIdentityCreate(step: Step<"identity.create">, arm: ArmWriter): Promise<Checked> {
  const name = azureObjectName(step);
  const p = step.params;
  const ref = parseIdentityId(p.identityId);
  if (!ref) return { step, status: "refused", reason: `${name}: ${p.identityId} is not the resource id of a user-assigned identity` };
  const identities = arm.of(ref.subscriptionId).msi.userAssignedIdentities;
  const read = async () => {
    try {
      return await arm.call((o) => identities.get(ref.resourceGroup, ref.name, o));
    } catch (e) {
      if (e instanceof ArmCallError && e.failure.status === 404 && e.failure.code === "ResourceNotFound") return undefined;
      throw e;
    }
  };
  const current = await read();
  if (current) {
    const at = (current.location ?? "").toLowerCase().replace(/\s/g, "");
    if (at === p.location.toLowerCase().replace(/\s/g, "")) return { step, status: "unchanged", reason: `${name} exists already in ${current.location}` };
    return { step, status: "refused", reason: `${name} exists already, in ${current.location} rather than ${p.location}: not created again` };
  }
  return {
    write: async () => {
      await arm.call((o) => identities.createOrUpdate(ref.resourceGroup, ref.name, { location: p.location }, o));
    },
    holds: async () => (await read()) !== undefined,
  };
}
