import { KubeConfig } from "@kubernetes/client-node";
import { UserError } from "../../errors.js";
import { setting } from "../../setting-names.js";

/** A kubeconfig already loaded, or where to load one from (as kubectl does: `--kubeconfig`, else KUBECONFIG, else ~/.kube/config). */
export type KubeInput = KubeConfig | { kubeconfig?: string; context?: string };

/** The KubeConfig to use, with the named context current; a UserError when the file or context does not exist. */
export function kubeConfigOf(input: KubeInput): KubeConfig {
  if (input instanceof KubeConfig) return input;
  const kc = new KubeConfig();
  try {
    if (input.kubeconfig) kc.loadFromFile(input.kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    const where = input.kubeconfig ?? process.env["KUBECONFIG"] ?? "~/.kube/config";
    throw new UserError(`cannot read the kubeconfig ${where}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, {
      hint: `point ${setting("kubeconfig")} or KUBECONFIG at a kubeconfig file (kubectl config view shows the one in use)`,
    });
  }
  if (input.context !== undefined) {
    if (!kc.getContextObject(input.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new UserError(`no context "${input.context}" in the kubeconfig`, { hint: known.length ? `contexts: ${known.join(", ")}` : "the kubeconfig has no context" });
    }
    kc.setCurrentContext(input.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new UserError("the kubeconfig names no current cluster", { hint: `choose one (${setting("context")}), or kubectl config use-context NAME` });
  }
  return kc;
}
