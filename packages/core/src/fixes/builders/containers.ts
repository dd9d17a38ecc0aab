import { stringify } from "yaml";
import type { Fix } from "../../model/fix.js";
import type { Path } from "../../model/location.js";
import type { ContainerView, Workload } from "../../engine/workloads.js";
import { asArray } from "../../util/raw.js";
import { listEditFix } from "./kube.js";
import { shq } from "./shell.js";

/** `kind/name -n NS` as kubectl names a workload. */
function kubectlWorkload(w: Workload): string {
  return `${w.kind.toLowerCase()}/${w.name}${w.namespace ? ` -n ${w.namespace}` : ""}`;
}

/** `kubectl set env` for a workload; the pod template of a Pod or a Job is immutable, so they are replaced. */
export function kubectlSetEnv(w: Workload, c: ContainerView, assignment: string): string {
  const args = `-c ${shq(c.name)} ${shq(assignment)}`;
  if (w.kind === "Pod" || w.kind === "Job") {
    return `kubectl get ${w.kind.toLowerCase()} ${shq(w.name)} -n ${w.namespace} -o yaml \\\n  | kubectl set env --local -f - ${args} -o yaml \\\n  | kubectl replace --force -f -`;
  }
  return `kubectl set env ${kubectlWorkload(w)} ${args}`;
}

/** Removes one env entry of a container: the webhook then injects its own value. */
export function removeEnvFix(w: Workload, c: ContainerView, envIndex: number, envName: string): Fix {
  return listEditFix(w.object, [...c.path, "env", envIndex], "delete", undefined, `Remove ${envName} from container ${c.name} of ${w.kind} ${w.name}`, {
    language: "shell",
    text: kubectlSetEnv(w, c, `${envName}-`),
  });
}

/** A configured string of a container: an env value (with its variable's name) or an item of `command`/`args`. */
export interface ContainerStringRef {
  container: ContainerView;
  path: Path;
  env?: { name: string };
}

/** Replaces one configured string of a container (an env value, a command or args item) with `text`. */
export function containerStringFix(w: Workload, s: ContainerStringRef, text: string, title: string): Fix {
  if (s.env) return listEditFix(w.object, s.path, "set", text, title, { language: "shell", text: kubectlSetEnv(w, s.container, `${s.env.name}=${text}`) });
  const field = String(s.path[s.path.length - 2]);
  const items = asArray(s.container.raw[field]).map((item, i) => (i === s.path[s.path.length - 1] ? text : item));
  return listEditFix(w.object, s.path, "set", text, title, { language: "yaml", text: stringify({ name: s.container.name, [field]: items }).trimEnd() });
}
