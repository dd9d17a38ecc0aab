import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { clusterSettings } from "./settings.js";

/** The kubeconfig wid reads: the setting, else the first file of KUBECONFIG, else ~/.kube/config (as kubectl). */
export function kubeconfigPath(): string {
  const { kubeconfig } = clusterSettings();
  if (kubeconfig) return kubeconfig.startsWith("~/") ? join(homedir(), kubeconfig.slice(2)) : kubeconfig;
  const env = process.env["KUBECONFIG"]?.split(delimiter).find((p) => p !== "");
  return env ?? join(homedir(), ".kube", "config");
}
