import { stringify } from "yaml";
import type { Fix, FixAction, ManifestEdit } from "../../model/finding.js";
import type { Path } from "../../model/location.js";
import type { KubeObject } from "../../model/kube.js";
import type { ContainerView, Workload } from "../../engine/workloads.js";
import { asArray, isRecord } from "../../util/raw.js";
import { shq } from "../../fixes/builders.js";
import type { ContainerString } from "./kube-containers.js";
import { kubectlName, nsFlag } from "./kube-meta.js";

/**
 * A fix that edits a field whose path goes through a list (a container's env, args): a merge
 * patch cannot address list items, so a live object gets the snippet to run by hand.
 */
export function listEditFix(o: KubeObject, path: Path, op: "set" | "delete", value: unknown, title: string, snippet: NonNullable<Fix["snippet"]>): Fix {
  const actions: FixAction[] = [];
  if (o.origin) {
    const edit: ManifestEdit = { documentIndex: o.origin.documentIndex, path: [...o.origin.basePath, ...path], op };
    if (op === "set") edit.value = value;
    actions.push({ type: "manifest-edit", file: o.origin.file, edits: [edit] });
  } else {
    actions.push({ type: "manual" });
  }
  return { title, snippet, actions };
}

/** `kubectl set env` for a workload; the pod template of a Pod or a Job is immutable, so they are replaced. */
export function kubectlSetEnv(w: Workload, c: ContainerView, assignment: string): string {
  const args = `-c ${shq(c.name)} ${shq(assignment)}`;
  if (w.kind === "Pod" || w.kind === "Job") {
    return `kubectl get ${w.kind.toLowerCase()} ${shq(w.name)} -n ${w.namespace} -o yaml \\\n  | kubectl set env --local -f - ${args} -o yaml \\\n  | kubectl replace --force -f -`;
  }
  return `kubectl set env ${kubectlName(w)}${nsFlag(w)} ${args}`;
}

/** Removes one env entry of a container: the webhook then injects its own value. */
export function removeEnvFix(w: Workload, c: ContainerView, envIndex: number, envName: string): Fix {
  return listEditFix(w.object, [...c.path, "env", envIndex], "delete", undefined, `Remove ${envName} from container ${c.name} of ${w.kind} ${w.name}`, {
    language: "shell",
    text: kubectlSetEnv(w, c, `${envName}-`),
  });
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isRecord(prev) && isRecord(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

function sameTarget(a: FixAction, b: FixAction): boolean {
  if (a.type !== "kube-patch" || b.type !== "kube-patch") return false;
  return a.target.kind === b.target.kind && a.target.name === b.target.name && a.target.namespace === b.target.namespace && a.patchType === b.patchType;
}

/**
 * One fix made of several (move an annotation: set it here, remove it there). Edits of the
 * same file become one action and patches of the same object one merge patch, so each target
 * changes once.
 */
export function combineFixes(title: string, fixes: readonly Fix[], snippet?: Fix["snippet"]): Fix {
  const actions: FixAction[] = [];
  for (const action of fixes.flatMap((f) => f.actions)) {
    const same = actions.findIndex((a) => (a.type === "manifest-edit" && action.type === "manifest-edit" && a.file === action.file) || sameTarget(a, action));
    const prev = actions[same];
    if (prev?.type === "manifest-edit" && action.type === "manifest-edit") actions[same] = { ...prev, edits: [...prev.edits, ...action.edits] };
    else if (prev?.type === "kube-patch" && action.type === "kube-patch") actions[same] = { ...prev, patch: deepMerge(prev.patch, action.patch) };
    else if (action.type !== "manual" || !actions.some((a) => a.type === "manual")) actions.push(action);
  }
  const joined = snippet ?? joinSnippets(fixes, actions);
  return { title, ...(joined ? { snippet: joined } : {}), actions };
}

/** One object changed: its merged patch reads best; otherwise the snippets one after the other. */
function joinSnippets(fixes: readonly Fix[], actions: readonly FixAction[]): Fix["snippet"] {
  const patches = actions.filter((a) => a.type === "kube-patch");
  if (patches.length === 1 && patches[0]!.type === "kube-patch") return { language: "yaml", text: stringify(patches[0]!.patch).trimEnd() };
  const snippets = fixes.flatMap((f) => (f.snippet ? [f.snippet] : []));
  const first = snippets[0];
  if (!first) return undefined;
  if (snippets.some((s) => s.language !== first.language)) return first;
  return { language: first.language, text: snippets.map((s) => s.text).join(first.language === "yaml" ? "\n---\n" : "\n") };
}

/** Replaces one configured string of a container (an env value, a command or args item) with `text`. */
export function containerStringFix(w: Workload, s: ContainerString, text: string, title: string): Fix {
  if (s.env) return listEditFix(w.object, s.path, "set", text, title, { language: "shell", text: kubectlSetEnv(w, s.container, `${s.env.name}=${text}`) });
  const field = String(s.path[s.path.length - 2]);
  const items = asArray(s.container.raw[field]).map((item, i) => (i === s.path[s.path.length - 1] ? text : item));
  return listEditFix(w.object, s.path, "set", text, title, { language: "yaml", text: stringify({ name: s.container.name, [field]: items }).trimEnd() });
}
