import { BUILTIN_ROLES, createRoleAssignment, isGuid, isUserError, planSetup, wordSettings, type Finding, type LiveFix, type LivePlan, type NotLive } from "@wid/core";
import { CLI_SETTING_WORDS } from "../../setting-words.js";
import type { Prompter } from "../../tui/confirm.js";
import type { FixArgs } from "./args.js";

/** A finding whose fix waits for the user's choice, and what wid can ask for. */
type Askable = { kind: "identity"; finding: Finding; namespace: string; serviceAccount: string } | { kind: "role"; finding: Finding; identity: string; principalId: string; serviceAccount?: { namespace: string; name: string } };

/** The findings whose choice wid can ask for and turn into a plan: an identity for a ServiceAccount, a role and scope for an identity. */
function askable(finding: Finding, why: NotLive): Askable | undefined {
  if (why.code !== "needs-choice") return undefined;
  const what = new Set(why.choices.map((c) => c.what));
  const o = finding.object;
  if (o.kind === "ServiceAccount" && (what.has("client-id") || what.has("identity"))) return { kind: "identity", finding, namespace: o.namespace ?? "default", serviceAccount: o.name };
  const principalId = finding.evidence["principalId"];
  if (o.kind === "ManagedIdentity" && what.has("role") && what.has("scope") && typeof principalId === "string") {
    const sa = finding.related?.find((r) => r.kind === "ServiceAccount");
    return { kind: "role", finding, identity: o.name, principalId, ...(sa ? { serviceAccount: { namespace: sa.namespace ?? "default", name: sa.name } } : {}) };
  }
  return undefined;
}

/** The `kubectl wid` command that makes the choice's fix, shown to whoever cannot be asked. */
export function choiceCommand(finding: Finding, why: NotLive): string | undefined {
  const a = askable(finding, why);
  if (a?.kind === "identity") return `kubectl wid setup -n ${a.namespace} --service-account ${a.serviceAccount} --identity IDENTITY_NAME --overwrite`;
  if (a?.kind === "role" && a.serviceAccount) return `kubectl wid setup -n ${a.serviceAccount.namespace} --service-account ${a.serviceAccount.name} --identity ${a.identity} --role ROLE --scope RESOURCE_ID`;
  return undefined;
}

/**
 * Asks, on the terminal, the choices wid can turn into a plan (which identity a ServiceAccount
 * uses; which role, on which resource, an identity needs), and plans them: the identity with what
 * `kubectl wid setup` does, the role as a role assignment. Enter skips a question; an answer wid
 * cannot use is said and skipped. Nothing is guessed.
 */
export async function askChoices(left: readonly { finding: Finding; why: NotLive }[], args: FixArgs, env: Record<string, string | undefined>, prompter: Prompter, say: (t: string) => void): Promise<LiveFix[]> {
  const todo = left.flatMap(({ finding, why }) => {
    const a = askable(finding, why);
    return a ? [a] : [];
  });
  if (todo.length === 0) return [];
  say(`${todo.length === 1 ? "One finding needs" : `${todo.length} findings need`} your choice (Enter skips):\n`);
  const out: LiveFix[] = [];
  for (const a of todo) {
    try {
      const fix = a.kind === "identity" ? await askIdentity(a, args, env, prompter) : await askRole(a, prompter);
      if (fix) out.push(fix);
    } catch (e) {
      if (!isUserError(e)) throw e;
      say(wordSettings(`  skipped: ${e.message}${e.hint ? ` (${e.hint})` : ""}\n`, CLI_SETTING_WORDS));
    }
  }
  say("\n");
  return out;
}

async function askIdentity(a: Extract<Askable, { kind: "identity" }>, args: FixArgs, env: Record<string, string | undefined>, prompter: Prompter): Promise<LiveFix | undefined> {
  const answer = await prompter.ask(`  ServiceAccount ${a.namespace}/${a.serviceAccount}: which managed identity should it use (name or client id)? `);
  if (!answer) return undefined;
  const { readSetupState } = await import("@wid/core/sources/live-setup");
  const facts = await readSetupState({
    kube: { ...(args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : {}), ...(args.context !== undefined ? { context: args.context } : {}) },
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
    identity: answer,
    ...(args.subscription.length ? { subscriptions: args.subscription } : {}),
    ...(args.aksCluster ? { aksClusterId: args.aksCluster } : {}),
    env,
  });
  // the ServiceAccount names a wrong value: the user's answer replaces it
  const plan = planSetup(facts, { serviceAccount: a.serviceAccount, identity: answer, overwrite: true });
  const plans: LivePlan[] = [plan.cluster, plan.azure].filter((p) => p.steps.length > 0);
  if (plans.length === 0) return undefined;
  return { findings: [a.finding], fix: { title: `Set ServiceAccount ${a.namespace}/${a.serviceAccount} up for identity ${plan.identity.name}`, kind: "fix", plans }, plans };
}

async function askRole(a: Extract<Askable, { kind: "role" }>, prompter: Prompter): Promise<LiveFix | undefined> {
  const roleAnswer = await prompter.ask(`  Identity ${a.identity}: which role does its workload need (e.g. Key Vault Secrets User)? `);
  if (!roleAnswer) return undefined;
  const role = BUILTIN_ROLES.find((r) => r.roleName.toLowerCase() === roleAnswer.toLowerCase() || (isGuid(roleAnswer) && r.name.toLowerCase() === roleAnswer.toLowerCase()));
  if (!role) {
    const { UserError } = await import("@wid/core");
    throw new UserError(`"${roleAnswer}" is not a built-in role wid knows`, { hint: "grant a custom role with az role assignment create" });
  }
  const scope = await prompter.ask(`  On which resource (its resource id, /subscriptions/...)? `);
  if (!scope) return undefined;
  if (!/^\/subscriptions\/[^/]+/i.test(scope)) {
    const { UserError } = await import("@wid/core");
    throw new UserError(`"${scope}" is not a resource id`, { hint: "az resource show --query id -o tsv, or az keyvault show -n VAULT --query id -o tsv" });
  }
  const fix = createRoleAssignment(a.principalId, { name: role.name, roleName: role.roleName }, scope.replace(/\/+$/, ""), `identity ${a.identity}`);
  const plans = fix.plans.filter((p): p is LivePlan => p.target === "azure");
  return { findings: [a.finding], fix, plans };
}
