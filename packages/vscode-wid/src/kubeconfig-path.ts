import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { clusterSettings } from "./settings.js";

/**
 * The kubeconfig files wid reads, as kubectl: the setting's file alone, else every existing file
 * of KUBECONFIG (the first to define a context wins), else ~/.kube/config.
 */
export function kubeconfigFiles(): string[] {
  const { kubeconfig } = clusterSettings();
  if (kubeconfig) return [kubeconfig.startsWith("~/") ? join(homedir(), kubeconfig.slice(2)) : kubeconfig];
  const fromEnv = (process.env["KUBECONFIG"] ?? "").split(delimiter).filter((p) => p !== "");
  if (fromEnv.length) return [...new Set(fromEnv)].filter((f) => existsSync(f));
  return [join(homedir(), ".kube", "config")];
}
