import { defaultScenario } from "./default.js";
import { generateScenario } from "./generate.js";
import { loadScenarioFile, ScenarioError } from "./load.js";
import type { Scenario } from "./types.js";

function variant(name: string, description: string, change: (s: Scenario) => void): () => Scenario {
  return () => {
    const s = defaultScenario();
    s.name = name;
    s.description = description;
    change(s);
    return s;
  };
}

/** Scenarios known by name: the demo shop and its variants, and generated worlds of three sizes. */
export const BUILTIN_SCENARIOS: Record<string, () => Scenario> = {
  default: defaultScenario,
  "webhook-down": variant("webhook-down", "The shop with the workload identity webhook installed but crash-looping: labelled pods cannot be created.", (s) => {
    s.webhook.ready = false;
  }),
  "webhook-1.5": variant("webhook-1.5", "The shop with webhook v1.5: token volume azure-identity-token at /var/run/secrets/azure/tokens.", (s) => {
    s.webhook.version = "1.5";
  }),
  "issuer-unreachable": variant("issuer-unreachable", "The shop whose OIDC issuer serves neither discovery nor keys: every token exchange fails with AADSTS90061.", (s) => {
    s.issuer.faults.unreachable = true;
  }),
  large: () => generateScenario(),
  medium: () => generateScenario({ pods: 1_000, serviceAccounts: 200, identities: 30, namespaces: 10 }),
  empty: () => generateScenario({ pods: 0, serviceAccounts: 0, identities: 0, namespaces: 0, mistakeEvery: 0 }),
};

/** A built-in scenario by name, or a scenario file by path. */
export async function resolveScenario(nameOrFile: string | undefined): Promise<Scenario> {
  const key = nameOrFile ?? "default";
  const builtin = BUILTIN_SCENARIOS[key];
  if (builtin) return builtin();
  if (/[/\\.]/.test(key)) return loadScenarioFile(key);
  throw new ScenarioError(`no scenario named "${key}"`, `use one of ${Object.keys(BUILTIN_SCENARIOS).join(", ")}, or the path of a scenario file`);
}

export { defaultScenario, generateScenario };
export { normalizeScenario, parseScenarioText, loadScenarioFile, resolvePlaceholders, validateScenarioInput, ScenarioError, DEFAULT_TENANT_ID, DEFAULT_SUBSCRIPTION_ID } from "./load.js";
export type { GenerateOptions } from "./generate.js";
export * from "./builders.js";
export { webhookObjects, webhookPodStates, webhookLogs, webhookNamespace } from "./webhook-objects.js";
