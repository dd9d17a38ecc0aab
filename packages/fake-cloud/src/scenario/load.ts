import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parseDocument } from "yaml";
import type { AzureSpec, ClusterSpec, IssuerSpec, Scenario, ScenarioInput, WebhookSpec } from "./types.js";

/** A scenario file that cannot be used: what is wrong, where, and what to do about it. */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  constructor(
    message: string,
    readonly hint: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export const DEFAULT_TENANT_ID = "6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f";
export const DEFAULT_SUBSCRIPTION_ID = "2c9f8e7d-6b5a-4c3d-9e2f-1a0b9c8d7e6f";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Fills every default of a scenario. */
export function normalizeScenario(input: ScenarioInput): Scenario {
  const c = input.cluster ?? {};
  const cluster: ClusterSpec = {
    name: c.name ?? "aks-demo",
    kubernetesVersion: c.kubernetesVersion ?? "v1.32.4",
    objects: (c.objects ?? []) as ClusterSpec["objects"],
    users: (c.users ?? []) as ClusterSpec["users"],
    logs: (c.logs ?? []) as ClusterSpec["logs"],
    podStates: (c.podStates ?? []) as ClusterSpec["podStates"],
    nodes: (c.nodes ?? []) as string[],
  };
  const w = input.webhook ?? {};
  const webhook: WebhookSpec = {
    installed: w.installed ?? true,
    version: w.version ?? "1.6",
    ready: w.ready ?? true,
    mode: w.mode ?? "aks-addon",
    ...(w.namespaceSelector ? { namespaceSelector: w.namespaceSelector as WebhookSpec["namespaceSelector"] } : {}),
    ...(w.tenantId !== undefined ? { tenantId: w.tenantId } : {}),
    ...(w.azureEnvironment !== undefined ? { azureEnvironment: w.azureEnvironment } : {}),
  };
  const a = input.azure ?? {};
  const azure: AzureSpec = {
    tenantId: a.tenantId ?? DEFAULT_TENANT_ID,
    subscriptionId: a.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID,
    identities: (a.identities ?? []) as AzureSpec["identities"],
    federatedCredentials: (a.federatedCredentials ?? []) as AzureSpec["federatedCredentials"],
    roleAssignments: (a.roleAssignments ?? []) as AzureSpec["roleAssignments"],
    roleDefinitions: (a.roleDefinitions ?? []) as AzureSpec["roleDefinitions"],
    clusters: (a.clusters ?? []) as AzureSpec["clusters"],
    keyVaults: (a.keyVaults ?? []) as AzureSpec["keyVaults"],
    principals: (a.principals ?? []) as AzureSpec["principals"],
  };
  const i = input.issuer ?? {};
  const issuer: IssuerSpec = {
    enabled: i.enabled ?? true,
    path: i.path ?? `/eastus/${azure.tenantId}/3b7e4c1a-9d2f-4e8b-a6c5-0f1e2d3c4b5a`,
    trailingSlash: i.trailingSlash ?? true,
    faults: { ...(i.faults ?? {}) },
  };
  return {
    name: input.name,
    description: input.description ?? "",
    cluster,
    webhook,
    issuer,
    azure,
    faults: (input.faults ?? {}) as Scenario["faults"],
  };
}

/** Checks the shape of a parsed scenario file, naming the first thing that is wrong. */
export function validateScenarioInput(value: unknown, file?: string): ScenarioInput {
  const fail = (message: string, hint: string): never => {
    throw new ScenarioError(message, hint, file);
  };
  if (!isRecord(value)) fail("a scenario must be a mapping", "start the file with `name: my-scenario`");
  const v = value as Record<string, unknown>;
  if (typeof v["name"] !== "string" || !v["name"]) fail("the scenario has no `name`", "add `name: my-scenario` at the top");
  for (const section of ["cluster", "webhook", "issuer", "azure", "faults"]) {
    if (v[section] !== undefined && !isRecord(v[section])) fail(`\`${section}\` must be a mapping`, `see the Scenario type for the fields of \`${section}\``);
  }
  const objects = isRecord(v["cluster"]) ? v["cluster"]["objects"] : undefined;
  if (objects !== undefined) {
    if (!Array.isArray(objects)) fail("`cluster.objects` must be a list of Kubernetes manifests", "write each object as a list item with apiVersion, kind and metadata.name");
    (objects as unknown[]).forEach((o, i) => {
      if (!isRecord(o) || typeof o["apiVersion"] !== "string" || typeof o["kind"] !== "string" || !isRecord(o["metadata"]) || typeof o["metadata"]["name"] !== "string") {
        fail(`cluster.objects[${i}] is not a Kubernetes object`, "each object needs apiVersion, kind and metadata.name");
      }
    });
  }
  const webhook = v["webhook"];
  if (isRecord(webhook)) {
    if (webhook["version"] !== undefined && webhook["version"] !== "1.6" && webhook["version"] !== "1.5") fail(`webhook.version "${String(webhook["version"])}" is not known`, 'use "1.6" or "1.5" (quoted)');
    if (webhook["mode"] !== undefined && webhook["mode"] !== "aks-addon" && webhook["mode"] !== "helm") fail(`webhook.mode "${String(webhook["mode"])}" is not known`, "use aks-addon or helm");
  }
  const azure = v["azure"];
  if (isRecord(azure)) {
    for (const list of ["identities", "federatedCredentials", "roleAssignments", "roleDefinitions", "clusters", "keyVaults", "principals"]) {
      if (azure[list] !== undefined && !Array.isArray(azure[list])) fail(`azure.${list} must be a list`, `paste the JSON array that the Azure CLI prints for it`);
    }
  }
  return v as ScenarioInput;
}

/** Parses a scenario file's text (YAML, or JSON which YAML reads too). */
export function parseScenarioText(text: string, file = "<scenario>"): Scenario {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new ScenarioError(`${file} is not valid YAML: ${e.message.split("\n")[0]}`, "fix the syntax at the line shown", file, e.linePos?.[0]?.line);
  }
  return normalizeScenario(validateScenarioInput(doc.toJS(), file));
}

export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new ScenarioError(`cannot read scenario file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, "pass a built-in scenario name or the path of a YAML/JSON scenario file", path);
  }
  if (![".yaml", ".yml", ".json"].includes(extname(path).toLowerCase())) {
    throw new ScenarioError(`${path} is not a YAML or JSON file`, "scenario files end in .yaml, .yml or .json", path);
  }
  return parseScenarioText(text, path);
}

export interface PlaceholderValues {
  issuer: string;
}

/** Replaces `{{issuer}}`, `{{issuerWithTrailingSlash}}` and `{{issuerWithoutTrailingSlash}}` in every string. */
export function resolvePlaceholders<T>(value: T, v: PlaceholderValues): T {
  const base = v.issuer.replace(/\/+$/, "");
  const map: Record<string, string> = { issuer: v.issuer, issuerWithTrailingSlash: `${base}/`, issuerWithoutTrailingSlash: base };
  const walk = (x: unknown): unknown => {
    if (typeof x === "string") return x.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => map[k] ?? m);
    if (Array.isArray(x)) return x.map(walk);
    if (isRecord(x)) return Object.fromEntries(Object.entries(x).map(([k, val]) => [k, walk(val)]));
    return x;
  };
  return walk(value) as T;
}
