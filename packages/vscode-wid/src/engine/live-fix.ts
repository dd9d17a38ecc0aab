import { redactText, type AzureStep, type ClusterStep, type Finding, type Fix, type LivePlan } from "@wid/core";
import type { StepOutcome } from "@wid/core/executors/live";

export type LiveTarget = "cluster" | "azure";

/** One way to mend a finding on the live cluster or in Azure: the plans of one fix (or of one option of a choice), in the order they are applied. */
export interface LiveOption {
  title: string;
  fix: Fix;
  /** Cluster first, then Azure: as `kubectl wid fix` applies them. */
  plans: LivePlan[];
}

/** What the editor can do about a finding on the live cluster or in Azure, as data. */
export type LiveFixPlan =
  /** A complete fix: confirm, then apply. */
  | { code: "apply"; option: LiveOption }
  /** A suggestion whose choice has known answers: pick one, then confirm. */
  | { code: "choose"; fix: Fix; question: string; options: { label: string; option: LiveOption }[] }
  /** The fix changes Azure, which was read from exports rather than live: the commands to run. */
  | { code: "azure-not-live"; fix: Fix; commands: string[] }
  /** A fix the user makes: a choice without known answers, or one wid leaves to the user. */
  | { code: "by-hand"; fix: Fix; needsChoice: boolean }
  | { code: "no-fix" };

function livePlans(plans: readonly Fix["plans"][number][], azureLive: boolean): LivePlan[] {
  return plans.filter((p): p is LivePlan => p.target === "cluster" || (p.target === "azure" && azureLive)).sort((a, b) => (a.target === b.target ? 0 : a.target === "cluster" ? -1 : 1));
}

/**
 * How a finding is mended live: its first complete fix with a plan for `target` (any live target
 * when omitted), else the known answers of a suggestion's choice, else why not. With `azureLive`
 * false (Azure was read from exports) Azure plans are shown, never applied, as `kubectl wid fix
 * --azure` does.
 */
export function planLiveFix(finding: Finding, opts: { target?: LiveTarget | undefined; azureLive: boolean }): LiveFixPlan {
  const wanted = (t: string) => (opts.target ? t === opts.target : t === "cluster" || t === "azure");
  const complete = finding.fixes.find((f) => f.kind === "fix" && f.plans.some((p) => wanted(p.target)));
  if (complete) {
    const plans = livePlans(complete.plans, opts.azureLive);
    if (plans.some((p) => wanted(p.target))) return { code: "apply", option: { title: complete.title, fix: complete, plans } };
    const azure = complete.plans.find((p) => p.target === "azure");
    if (azure?.target === "azure") return { code: "azure-not-live", fix: complete, commands: azure.steps.map((s) => s.command) };
  }
  for (const fix of finding.fixes) {
    if (fix.kind !== "suggestion") continue;
    for (const choice of fix.choices ?? []) {
      const options = (choice.options ?? []).flatMap((o) => {
        const plans = livePlans(o.plans, opts.azureLive);
        return plans.some((p) => wanted(p.target)) ? [{ label: o.label, option: { title: `${fix.title}: ${o.label}`, fix, plans } }] : [];
      });
      if (options.length) return { code: "choose", fix, question: choice.question, options };
    }
  }
  const shown = finding.fixes.find((f) => f.snippet);
  if (shown) return { code: "by-hand", fix: shown, needsChoice: shown.kind === "suggestion" };
  return { code: "no-fix" };
}

/** Where the change goes, as the confirmation names it. */
export interface LiveWhere {
  /** The kube context the cluster is read and written through. */
  context?: string | undefined;
  /** Its API server. */
  server?: string | undefined;
}

function kubeName(o: { kind: string; name: string; namespace?: string | undefined }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}

function guardText(step: Extract<ClusterStep, { guard: unknown }>): string {
  const g = step.guard;
  if (g.resourceVersion && g.uid) return `only if it is still as read (uid ${g.uid}, resourceVersion ${g.resourceVersion})`;
  if (g.resourceVersion) return `only if it is still as read (resourceVersion ${g.resourceVersion})`;
  return "only if it is unchanged between wid's read and its write";
}

function clusterStepLines(step: ClusterStep): string[] {
  switch (step.op) {
    case "patch":
      return [`${kubeName(step.object)}: a JSON merge patch, ${guardText(step)}:`, JSON.stringify(step.patch, null, 2)];
    case "rollout-restart":
      return [`${kubeName(step.object)}: new pods (a rollout restart), ${guardText(step)}`];
    case "create":
      return [`${kubeName(step.object)}: created, only if it does not exist yet:`, JSON.stringify(step.manifest, null, 2)];
  }
}

/** The last segment of a resource id, and where it lives. */
function armName(id: string): string {
  const parts = id.split("/").filter(Boolean);
  const group = /\/resourceGroups\/([^/]+)/i.exec(id)?.[1];
  return `${parts[parts.length - 1] ?? id}${group ? ` (resource group ${group})` : ""}`;
}

function azureStepLines(step: AzureStep): string[] {
  switch (step.op) {
    case "federatedCredential.createOrUpdate": {
      const p = step.params;
      const was = "absent" in step.expect ? undefined : step.expect;
      const field = (label: string, now: string, before: string | undefined) => `  ${label}: ${now}${before !== undefined && before !== now ? ` (now ${before})` : ""}`;
      return [
        `Federated credential "${p.name}" of identity ${armName(p.identityId)}: ${was ? "updated" : "created"}`,
        `  resource: ${p.identityId}/federatedIdentityCredentials/${p.name}`,
        field("issuer", p.issuer, was?.issuer),
        field("subject", p.subject, was?.subject),
        field("audiences", p.audiences.join(", "), was?.audiences.join(", ")),
      ];
    }
    case "federatedCredential.delete":
      return [`Federated credential "${step.params.name}" of identity ${armName(step.params.identityId)}: deleted`, `  resource: ${step.params.identityId}/federatedIdentityCredentials/${step.params.name}`];
    case "roleAssignment.create":
      return [`Role assignment: created`, `  role: ${step.params.roleName} (${step.params.roleDefinitionGuid})`, `  principal: ${step.params.principalId} (${step.params.principalType})`, `  scope: ${step.params.scope}`];
    case "roleAssignment.delete":
      return [`Role assignment: deleted`, `  resource: ${step.params.id}`, `  role: ${step.params.roleName}`, `  principal: ${step.params.principalId}`, `  scope: ${step.params.scope}`];
    case "identity.create":
      return [`Managed identity ${armName(step.params.identityId)}: created`, `  resource: ${step.params.identityId}`, `  location: ${step.params.location}`];
    case "keyVault.setAccessPolicy": {
      const perms = Object.entries(step.params.permissions).map(([k, v]) => `${k}: ${(v ?? []).join(", ")}`);
      return [
        `Key Vault ${armName(step.params.vaultId)}: access policy set`,
        `  resource: ${step.params.vaultId}`,
        `  principal: ${step.params.objectId}${step.params.tenantId ? ` (tenant ${step.params.tenantId})` : ""}`,
        ...perms.map((p) => `  ${p}`),
      ];
    }
  }
}

/**
 * The modal confirmation of a live fix: what changes where (the object and its patch; the Azure
 * resource and its parameters), the equivalent kubectl or az command of each step, and what
 * guards it. Values read from the cluster and Azure are masked where they hold a secret.
 */
export function confirmationOf(option: LiveOption, where: LiveWhere = {}): { message: string; detail: string } {
  const targets = new Set(option.plans.map((p) => p.target));
  const cluster = where.context ? `the cluster of context "${where.context}"` : "the cluster";
  const places = [targets.has("cluster") ? cluster : "", targets.has("azure") ? "Azure" : ""].filter(Boolean).join(" and ");
  const lines: string[] = [];
  for (const plan of option.plans) {
    if (plan.target === "cluster") {
      lines.push(`On ${cluster}${where.server ? ` (${where.server})` : ""}:`, "");
      for (const step of plan.steps) lines.push(...clusterStepLines(step), "", "The same as:", step.command, "");
    } else {
      lines.push("In Azure:", "");
      for (const step of plan.steps) lines.push(...azureStepLines(step), "", "The same as:", step.command, "");
    }
  }
  if (targets.has("cluster")) lines.push("Each step is checked (the object as read, the API server's dry run) before any is written; a change made meanwhile is refused, never overwritten.");
  if (targets.has("azure")) lines.push("Each Azure step's precondition is read again just before it is written.");
  return { message: redactText(`Apply "${option.title}" to ${places}?`), detail: redactText(lines.join("\n").trimEnd()) };
}

/** What became of a live fix, for a notification: every step applied (or held already), or why not. */
export function outcomeOf(title: string, outcomes: readonly StepOutcome[], dryRun = false): { ok: boolean; text: string } {
  const bad = outcomes.filter((o) => o.status === "refused" || o.status === "failed");
  const reasons = (list: readonly StepOutcome[]) => list.map((o) => o.reason ?? o.status).join("; ");
  if (bad.length) {
    const written = outcomes.some((o) => o.status === "applied") && !dryRun;
    return { ok: false, text: redactText(`wid did not apply "${title}"${written ? " in full" : ": nothing was changed"}. ${reasons(bad)}`) };
  }
  if (dryRun) return { ok: true, text: redactText(`"${title}" can be applied: ${reasons(outcomes)}`) };
  const applied = outcomes.some((o) => o.status === "applied");
  return { ok: true, text: redactText(applied ? `wid applied "${title}": ${reasons(outcomes)}` : `"${title}": nothing to change, ${reasons(outcomes)}`) };
}
