import { stringify } from "yaml";
import type { ClusterStep, Fix, FixPlan, LiveGuard, ManifestEdit, ManifestPlan } from "../../model/fix.js";
import type { Path } from "../../model/location.js";
import type { KubeObject, ObjectRef } from "../../model/kube.js";
import { kubeRef } from "../../engine/refs.js";
import { editPath, expectAt, nest } from "./paths.js";
import { shq } from "./shell.js";

/** The object a cluster step changes: kind, name, namespace and apiVersion, no file position. */
export function liveTarget(o: KubeObject): ObjectRef {
  const { kind, name, namespace } = kubeRef(o);
  return { kind, name, apiVersion: o.apiVersion, ...(namespace !== undefined ? { namespace } : {}) };
}

export function liveGuard(o: KubeObject): LiveGuard {
  return { ...(o.uid !== undefined ? { uid: o.uid } : {}), ...(o.resourceVersion !== undefined ? { resourceVersion: o.resourceVersion } : {}) };
}

/** `kind/name` as kubectl names an object, with its `-n`. */
function kubectlObject(o: { kind: string; name: string; namespace?: string | undefined }): string {
  return `${o.kind.toLowerCase()}/${o.name}${o.namespace ? ` -n ${o.namespace}` : ""}`;
}

/** The manifest plan of one edit of `o`'s document, when `o` came from a file. */
function manifestPlan(o: KubeObject, edit: (base: { documentIndex: number }) => ManifestEdit): ManifestPlan[] {
  if (!o.origin) return [];
  return [{ target: "manifest", file: o.origin.file, edits: [edit({ documentIndex: o.origin.documentIndex })] }];
}

function docPath(o: KubeObject, path: Path) {
  return [...(o.origin?.basePath ?? []), ...editPath(o.raw, path)];
}

export function mergePatchStep(o: KubeObject, patch: Record<string, unknown>): ClusterStep {
  return {
    op: "patch",
    object: liveTarget(o),
    patch,
    guard: liveGuard(o),
    command: `kubectl patch ${kubectlObject(o)} --type merge -p ${shq(JSON.stringify(patch))}`,
  };
}

/** What `kubectl rollout restart` does to a workload: new pods, which the webhook mutates. */
export function rolloutRestartStep(o: ObjectRef & { guard?: LiveGuard }): ClusterStep {
  const { guard, ...object } = o;
  return { op: "rollout-restart", object, guard: guard ?? {}, command: `kubectl rollout restart ${kubectlObject(object)}` };
}

/**
 * Sets (or, with `undefined`, removes) one field of an object: an edit of its manifest when it
 * came from a file, and the equivalent merge patch of the live object. `path` has only map keys.
 */
export function setField(o: KubeObject, path: Path, value: unknown, title: string): Fix {
  const expect = expectAt(o.raw, path);
  const edit = value === undefined ? manifestPlan(o, (b) => ({ ...b, op: "delete", path: docPath(o, path), expect })) : manifestPlan(o, (b) => ({ ...b, op: "set", path: docPath(o, path), value, expect }));
  const patch = nest(path, value === undefined ? null : value);
  return {
    title,
    kind: "fix",
    snippet: { language: "yaml", text: stringify(patch).trimEnd() },
    plans: [...edit, { target: "cluster", steps: [mergePatchStep(o, patch)] }],
  };
}

/** Renames a map key in place (a misspelled annotation), keeping its value. */
export function renameKey(o: KubeObject, parent: Path, from: string, to: string, value: string, title: string): Fix {
  const path = [...parent, from];
  const edit = manifestPlan(o, (b) => ({ ...b, op: "rename-key", path: docPath(o, path), newKey: to, expect: expectAt(o.raw, path) }));
  return {
    title,
    kind: "fix",
    snippet: { language: "yaml", text: stringify(nest(parent, { [to]: value })).trimEnd() },
    plans: [...edit, { target: "cluster", steps: [mergePatchStep(o, nest(parent, { [from]: null, [to]: value }))] }],
  };
}

/**
 * Renames a map key and gives it another value in one edit (a misspelled label whose value is
 * wrong too), so that the fix, applied twice, finds its work done rather than a changed file.
 */
export function renameKeyAndSet(o: KubeObject, parent: Path, from: string, to: string, value: string, title: string): Fix {
  const fix = renameKey(o, parent, from, to, value, title);
  for (const plan of fix.plans) {
    if (plan.target === "manifest") for (const edit of plan.edits) if (edit.op === "rename-key") edit.value = value;
  }
  return fix;
}

/**
 * A fix that edits a field whose path goes through a list (a container's env, args): a merge
 * patch cannot address list items, so a live object gets the snippet to run by hand.
 */
export function listEditFix(o: KubeObject, path: Path, op: "set" | "delete", value: unknown, title: string, snippet: NonNullable<Fix["snippet"]>): Fix {
  const expect = expectAt(o.raw, path);
  const plans = op === "set" ? manifestPlan(o, (b) => ({ ...b, op, path: docPath(o, path), value, expect })) : manifestPlan(o, (b) => ({ ...b, op, path: docPath(o, path), expect }));
  return { title, kind: "fix", snippet, plans };
}

/** A fix wid shows but cannot apply as it is: the user must choose (an identity, a role) or run it by hand. */
export function suggestion(title: string, snippet: NonNullable<Fix["snippet"]>, choices: Fix["choices"] = []): Fix {
  return { title, kind: "suggestion", snippet, plans: [], ...(choices.length ? { choices } : {}) };
}

/** A complete fix that wid shows but leaves to the user to run (it restarts a control plane). */
export function manualFix(title: string, snippet: NonNullable<Fix["snippet"]>): Fix {
  return { title, kind: "fix", snippet, plans: [] };
}

function isRecordValue(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isRecordValue(prev) && isRecordValue(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

function sameObject(a: ObjectRef, b: ObjectRef): boolean {
  return a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;
}

/** Adds `plan` to `plans`: edits of the same file join one plan, patches of the same object one merge patch. */
function addPlan(plans: FixPlan[], plan: FixPlan): void {
  const same = plans.find((p) => p.target === plan.target && (p.target !== "manifest" || plan.target !== "manifest" || p.file === plan.file));
  if (!same) {
    plans.push(structuredClone(plan));
    return;
  }
  if (same.target === "manifest" && plan.target === "manifest") same.edits.push(...plan.edits);
  else if (same.target === "azure" && plan.target === "azure") same.steps.push(...plan.steps);
  else if (same.target === "cluster" && plan.target === "cluster") {
    for (const step of plan.steps) {
      const prev = same.steps.find((s) => s.op === "patch" && step.op === "patch" && sameObject(s.object, step.object));
      if (prev?.op === "patch" && step.op === "patch") {
        prev.patch = deepMerge(prev.patch, step.patch);
        prev.command = `kubectl patch ${kubectlObject(prev.object)} --type merge -p ${shq(JSON.stringify(prev.patch))}`;
      } else same.steps.push(step);
    }
  }
}

/**
 * One fix made of several (move an annotation: set it here, remove it there), so each target
 * changes once. A cluster plan is kept only when every part has one: half of a move is no fix.
 */
export function combineFixes(title: string, fixes: readonly Fix[], snippet?: Fix["snippet"]): Fix {
  const plans: FixPlan[] = [];
  for (const plan of fixes.flatMap((f) => f.plans)) addPlan(plans, plan);
  const kept = plans.filter((p) => p.target !== "cluster" || fixes.every((f) => f.plans.some((q) => q.target === "cluster")));
  const manifestParts = fixes.every((f) => f.plans.some((q) => q.target === "manifest"));
  const complete = kept.filter((p) => p.target !== "manifest" || manifestParts);
  const joined = snippet ?? joinSnippets(fixes, complete);
  const kind = fixes.some((f) => f.kind === "suggestion") ? "suggestion" : "fix";
  const choices = fixes.flatMap((f) => f.choices ?? []);
  return { title, kind, ...(joined ? { snippet: joined } : {}), plans: kind === "fix" ? complete : [], ...(choices.length ? { choices } : {}) };
}

/** One object changed: its merged patch reads best; otherwise the snippets one after the other. */
function joinSnippets(fixes: readonly Fix[], plans: readonly FixPlan[]): Fix["snippet"] {
  const steps = plans.flatMap((p) => (p.target === "cluster" ? p.steps : []));
  const only = steps.length === 1 ? steps[0] : undefined;
  if (only?.op === "patch") return { language: "yaml", text: stringify(only.patch).trimEnd() };
  const snippets = fixes.flatMap((f) => (f.snippet ? [f.snippet] : []));
  const first = snippets[0];
  if (!first) return undefined;
  if (snippets.some((s) => s.language !== first.language)) return first;
  return { language: first.language, text: snippets.map((s) => s.text).join(first.language === "yaml" ? "\n---\n" : "\n") };
}

/** Kinds `kubectl rollout restart` restarts. */
const RESTARTABLE = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

/**
 * New pods for a workload, which the webhook mutates as they are created: a rollout restart of a
 * Deployment, StatefulSet or DaemonSet (a cluster plan guarded by the object as read), the
 * command to recreate a bare pod by hand. A Job is recreated from its manifest, and a CronJob's
 * next run needs nothing: no fix for them.
 */
export function restartWorkload(o: KubeObject, title: string): Fix | undefined {
  const target = liveTarget(o);
  if (RESTARTABLE.has(o.kind)) {
    const step = rolloutRestartStep({ ...target, guard: liveGuard(o) });
    return { title, kind: "fix", snippet: { language: "shell", text: step.command }, plans: [{ target: "cluster", steps: [step] }] };
  }
  const ns = o.namespace ? ` -n ${o.namespace}` : "";
  if (o.kind === "Pod") return manualFix(title, { language: "shell", text: `kubectl get pod ${o.name}${ns} -o yaml | kubectl replace --force -f -` });
  return undefined;
}
