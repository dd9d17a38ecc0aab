import * as vscode from "vscode";

type Severity = "error" | "warning" | "info";

/**
 * Settings that name what wid would read or run: a kubeconfig (whose exec plugins run
 * commands), a context, Azure subscriptions, export files. In Restricted Mode the workspace's
 * values of these are ignored (as `capabilities.untrustedWorkspaces.restrictedConfigurations`
 * declares): only the user's own settings count.
 */
export const RESTRICTED_SETTINGS = ["kubeconfig", "context", "azure.exportPaths", "azure.subscriptions"] as const;
type Restricted = (typeof RESTRICTED_SETTINGS)[number];

function restricted(key: string): key is Restricted {
  return (RESTRICTED_SETTINGS as readonly string[]).includes(key);
}

/** A setting's value, leaving out the workspace's value of a restricted setting in an untrusted workspace. */
export function setting<T>(key: string, fallback: T, scope?: vscode.ConfigurationScope): T {
  const config = vscode.workspace.getConfiguration("wid", scope);
  if (restricted(key) && !vscode.workspace.isTrusted) {
    const seen = config.inspect<T>(key);
    return seen?.globalValue ?? seen?.defaultValue ?? fallback;
  }
  return config.get<T>(key, fallback);
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim()) : [];
}

export interface CheckSettings {
  severity: Record<string, Severity>;
  disabled: string[];
  clusterName: string | undefined;
}

export function checkSettings(scope?: vscode.ConfigurationScope): CheckSettings {
  const raw = setting<unknown>("checks.severity", {}, scope);
  const severity: Record<string, Severity> = {};
  if (raw && typeof raw === "object") {
    for (const [id, s] of Object.entries(raw)) if (s === "error" || s === "warning" || s === "info") severity[id] = s;
  }
  const cluster = setting<string>("azure.clusterName", "", scope).trim();
  return { severity, disabled: stringList(setting("checks.disabled", [], scope)), clusterName: cluster || undefined };
}

export function disabledInFiles(scope?: vscode.ConfigurationScope): Record<string, string[]> {
  const raw = setting<unknown>("checks.disabledInFiles", {}, scope);
  const out: Record<string, string[]> = {};
  if (raw && typeof raw === "object") for (const [glob, ids] of Object.entries(raw)) out[glob] = stringList(ids);
  return out;
}

export function exportPaths(folder: vscode.WorkspaceFolder | undefined): string[] {
  return stringList(setting("azure.exportPaths", [], folder?.uri));
}

export function debounceMs(): number {
  const v = setting<number>("diagnostics.debounceMs", 300);
  return typeof v === "number" && Number.isFinite(v) ? Math.min(Math.max(v, 0), 5000) : 300;
}

export interface ClusterSettings {
  kubeconfig: string | undefined;
  context: string | undefined;
  subscriptions: string[];
}

export function clusterSettings(): ClusterSettings {
  const kubeconfig = setting<string>("kubeconfig", "").trim();
  const context = setting<string>("context", "").trim();
  return { kubeconfig: kubeconfig || undefined, context: context || undefined, subscriptions: stringList(setting("azure.subscriptions", [])) };
}

/** Whether a configuration change touches what wid reads or how it judges. */
export function affectsWid(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration("wid");
}
