import type { ClusterPlan, ClusterStep } from "../../model/fix.js";
import type { ObjectRef } from "../../model/kube.js";
import { resolveKubeconfig } from "../../sources/live-cluster/kubeconfig.js";
import { forbiddenDetail, KubeRequestError } from "../../sources/live-cluster/client.js";
import { asRecord, asString, getIn } from "../../util/raw.js";
import { collectionPathOf, objectPath, servedAs, type ServedCache } from "./kube-paths.js";
import { KubeWriter } from "./kube-writer.js";
import type { ApplyOptions, LiveTargets, StepOutcome } from "./live-types.js";
import { applyMergePatch, sameJson } from "./merge-patch.js";

/** The field manager of every write: `kubectl get -o yaml --show-managed-fields` names wid as the writer. */
export const FIELD_MANAGER = "wid";
/** The pod template annotation `kubectl rollout restart` sets to the time of the restart. */
export const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
/** Kinds `kubectl rollout restart` restarts. */
const RESTARTABLE = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

/** A step whose checks passed: the request to send, and the object as read before it. */
interface Prepared {
  index: number;
  step: ClusterStep;
  /** The object's path; for a create, its collection's is `collection`. */
  path: string;
  collection?: string;
  body: Record<string, unknown>;
  /** The object's resourceVersion the write is conditional on. */
  resourceVersion: string;
}

/** `ServiceAccount billing/ledger`. */
export function objectName(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

function kubeTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/**
 * Applies a cluster plan as one unit: every step is checked before any is written (the object is
 * read and must be the one the plan was made from: the same `uid`, the same `resourceVersion`;
 * then the API server applies the change in a dry run), and only when all pass are they written,
 * in order. Each write is a JSON merge patch by field manager `wid` carrying the
 * `resourceVersion` it was checked against, so an object changed between the check and the write
 * is refused by the API server (409) rather than overwritten. A step whose object already holds
 * the change is `unchanged` and not written. A rollout restart sets the pod template annotation
 * `kubectl.kubernetes.io/restartedAt`, as `kubectl rollout restart` does.
 *
 * Throws a UserError when the kubeconfig cannot be used; every answer of the cluster is an outcome.
 */
export async function applyClusterPlan(plan: ClusterPlan, targets: LiveTargets, opts: ApplyOptions = {}): Promise<StepOutcome[]> {
  const resolved = resolveKubeconfig({ ...(targets.kube?.kubeconfig !== undefined ? { kubeconfig: targets.kube.kubeconfig } : {}), ...(targets.kube?.context !== undefined ? { context: targets.kube.context } : {}), env: (targets.env ?? process.env) as NodeJS.ProcessEnv });
  const writer = new KubeWriter(resolved.kc, resolved.context.server, { timeoutMs: targets.timeoutMs ?? 15_000, ...(targets.signal ? { signal: targets.signal } : {}) });
  const outcomes: (StepOutcome | undefined)[] = plan.steps.map(() => undefined);
  const prepared: Prepared[] = [];
  const served: ServedCache = new Map();
  const stopped = () => targets.signal?.aborted === true;

  // 1. Check every step: read, guard, dry run.
  for (const [index, step] of plan.steps.entries()) {
    if (stopped()) {
      outcomes[index] = { step, status: "refused", reason: `${objectName(step.object)}: not changed: the run was stopped before this step` };
      continue;
    }
    const checked = await check(step, writer, served);
    if ("status" in checked) outcomes[index] = checked;
    else prepared.push({ ...checked, index });
  }
  const blocking = outcomes.find((o) => o && (o.status === "refused" || o.status === "failed"));
  if (blocking || opts.dryRun) {
    for (const p of prepared) {
      outcomes[p.index] = blocking
        ? { step: p.step, status: "refused", reason: `${objectName(p.step.object)}: not changed, because another step of this fix cannot be applied (${objectName((blocking.step as ClusterStep).object)})` }
        : { step: p.step, status: "applied", reason: `${objectName(p.step.object)}: the API server accepts the change in a dry run; nothing was changed` };
    }
    return emitAll(outcomes, opts);
  }

  // 2. Write, in order; an object written by an earlier step is guarded by the version that write made.
  const written = new Map<string, { from: string; to: string }>();
  let failedAt: StepOutcome | undefined;
  let next = 0;
  const emitUpTo = (index: number) => {
    for (; next <= index; next++) opts.onStep?.(outcomes[next]!);
  };
  for (const p of prepared) {
    emitUpTo(p.index - 1);
    const name = objectName(p.step.object);
    if (failedAt || stopped()) {
      outcomes[p.index] = { step: p.step, status: "refused", reason: failedAt ? `${name}: not changed, because an earlier step failed (${objectName((failedAt.step as ClusterStep).object)})` : `${name}: not changed: the run was stopped before this step` };
      continue;
    }
    const earlier = written.get(p.path);
    if (earlier && earlier.from === p.resourceVersion) {
      p.resourceVersion = earlier.to;
      p.body = withResourceVersion(p.body, earlier.to);
    }
    const outcome = await write(p, writer);
    outcomes[p.index] = outcome.outcome;
    if (outcome.resourceVersion) written.set(p.path, { from: p.resourceVersion, to: outcome.resourceVersion });
    if (outcome.outcome.status !== "applied") failedAt = outcome.outcome;
  }
  emitUpTo(outcomes.length - 1);
  return outcomes as StepOutcome[];
}

function emitAll(outcomes: (StepOutcome | undefined)[], opts: ApplyOptions): StepOutcome[] {
  for (const o of outcomes) opts.onStep?.(o!);
  return outcomes as StepOutcome[];
}

function withResourceVersion(body: Record<string, unknown>, resourceVersion: string): Record<string, unknown> {
  return { ...body, metadata: { ...asRecord(body["metadata"]), resourceVersion } };
}

/** Reads the object, checks the guard, computes the write and has the API server apply it in a dry run. */
async function check(step: ClusterStep, writer: KubeWriter, cache: ServedCache): Promise<Omit<Prepared, "index"> | StepOutcome> {
  const name = objectName(step.object);
  const served = await servedAs(step.object, writer, cache);
  if (!served) return { step, status: "refused", reason: `${name}: the API server serves no ${step.object.kind} in ${step.object.apiVersion ?? "any API version wid knows"}` };
  const path = objectPath(served, step.object);
  if (step.op === "create") return checkCreate(step, writer, path, collectionPathOf(served, step.object.namespace));
  let current: Record<string, unknown>;
  try {
    current = (await writer.get(path)).body;
  } catch (e) {
    return failure(step, e, "read");
  }
  const uid = asString(getIn(current, ["metadata", "uid"]));
  const resourceVersion = asString(getIn(current, ["metadata", "resourceVersion"])) ?? "";
  if (step.guard.uid !== undefined && uid !== step.guard.uid) {
    return { step, status: "refused", reason: `${name} was deleted and created again since wid read it (uid ${step.guard.uid}, now ${uid ?? "none"}): not changed; run wid again to plan on the object as it is now` };
  }
  let body: Record<string, unknown>;
  if (step.op === "patch") {
    if (sameJson(applyMergePatch(current, step.patch), current)) return { step, status: "unchanged", reason: `${name} already holds this change` };
    body = step.patch;
  } else {
    if (!RESTARTABLE.has(step.object.kind)) return { step, status: "refused", reason: `${name}: kubectl rollout restart restarts Deployments, StatefulSets and DaemonSets only` };
    if (step.object.kind === "Deployment" && getIn(current, ["spec", "paused"]) === true) {
      return { step, status: "refused", reason: `${name} is paused: its pods are not replaced while it is (kubectl rollout resume ${step.object.kind.toLowerCase()}/${step.object.name}${step.object.namespace ? ` -n ${step.object.namespace}` : ""} first)` };
    }
    body = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: kubeTime(new Date()) } } } } };
  }
  if (step.guard.resourceVersion !== undefined && step.guard.resourceVersion !== resourceVersion) {
    return { step, status: "refused", reason: stale(name, step.guard.resourceVersion, resourceVersion) };
  }
  body = withResourceVersion(body, resourceVersion);
  try {
    await writer.mergePatch(path, body, { dryRun: "All", fieldManager: FIELD_MANAGER });
  } catch (e) {
    return failure(step, e, "dry-run");
  }
  return { step, path, body, resourceVersion };
}

/** The manifest of a create with its kind, name and namespace as the step names them. */
function manifestOf(step: Extract<ClusterStep, { op: "create" }>): Record<string, unknown> {
  const { object } = step;
  const metadata = { ...asRecord(step.manifest["metadata"]), name: object.name, ...(object.namespace !== undefined ? { namespace: object.namespace } : {}) };
  return { ...step.manifest, ...(object.apiVersion ? { apiVersion: object.apiVersion } : {}), kind: object.kind, metadata };
}

/** What a create expects of an object of that name: the manifest's fields, whatever else it holds. */
function holdsManifest(current: Record<string, unknown>, manifest: Record<string, unknown>): boolean {
  return sameJson(applyMergePatch(current, manifest), current);
}

/** A create's guard is the object's absence; one that holds the manifest already is left unchanged. */
async function checkCreate(step: Extract<ClusterStep, { op: "create" }>, writer: KubeWriter, path: string, collection: string): Promise<Omit<Prepared, "index"> | StepOutcome> {
  const name = objectName(step.object);
  const manifest = manifestOf(step);
  try {
    const current = (await writer.get(path)).body;
    if (holdsManifest(current, manifest)) return { step, status: "unchanged", reason: `${name} exists already, as wid would create it` };
    return { step, status: "refused", reason: `${name} exists already, with other values than wid would give it: not overwritten` };
  } catch (e) {
    if (!(e instanceof KubeRequestError && e.status === 404)) return failure(step, e, "read");
  }
  try {
    await writer.create(collection, manifest, { dryRun: "All", fieldManager: FIELD_MANAGER });
  } catch (e) {
    if (e instanceof KubeRequestError && e.status === 404) return { step, status: "refused", reason: `${name}: namespace ${step.object.namespace ?? ""} does not exist (kubectl create namespace ${step.object.namespace ?? ""} first)` };
    return failure(step, e, "dry-run");
  }
  return { step, path, collection, body: manifest, resourceVersion: "" };
}

function stale(name: string, was: string, now: string): string {
  return `${name} changed since wid read it (resourceVersion ${was}, now ${now}): not overwritten; run wid again to plan on the object as it is now`;
}

/** Writes one checked step; a lost connection is followed by a read that tells whether the write landed. */
async function write(p: Prepared, writer: KubeWriter): Promise<{ outcome: StepOutcome; resourceVersion?: string }> {
  const name = objectName(p.step.object);
  try {
    const res = p.collection !== undefined ? await writer.create(p.collection, p.body, { fieldManager: FIELD_MANAGER }) : await writer.mergePatch(p.path, p.body, { fieldManager: FIELD_MANAGER });
    const rv = asString(getIn(res.body, ["metadata", "resourceVersion"]));
    const done = p.step.op === "patch" ? "patched" : p.step.op === "create" ? "created" : "restarted: its pods are being replaced";
    return { outcome: { step: p.step, status: "applied", reason: `${name} ${done}` }, ...(rv ? { resourceVersion: rv } : {}) };
  } catch (e) {
    if (p.collection !== undefined && e instanceof KubeRequestError && e.status === 409) {
      const now = await writer.get(p.path).then((r) => r.body).catch(() => undefined);
      return { outcome: now && holdsManifest(now, p.body) ? { step: p.step, status: "unchanged", reason: `${name} was created meanwhile, as wid would create it` } : { step: p.step, status: "failed", reason: `${name} was created meanwhile by someone else: not overwritten` } };
    }
    if (e instanceof KubeRequestError && (e.kind === "network" || e.kind === "timeout")) return { outcome: await afterLostConnection(p, writer, e) };
    return { outcome: failure(p.step, e, "write") };
  }
}

/** Whether a write whose answer was lost landed: the object as it is now says. */
async function afterLostConnection(p: Prepared, writer: KubeWriter, e: KubeRequestError): Promise<StepOutcome> {
  const name = objectName(p.step.object);
  const read = await writer.get(p.path).then((r) => ({ body: r.body }), (err: unknown) => (err instanceof KubeRequestError && err.status === 404 ? { body: undefined } : undefined));
  if (!read) return { step: p.step, status: "failed", reason: `${name}: ${e.message}; wid could not read it again to tell whether the change was made: check it with kubectl get` };
  const now = read.body;
  if (!now) return { step: p.step, status: "failed", reason: `${name}: ${e.message}; reading it again shows it was not created` };
  const rv = asString(getIn(now, ["metadata", "resourceVersion"]));
  if (rv === p.resourceVersion) return { step: p.step, status: "failed", reason: `${name}: ${e.message}; reading it again shows it unchanged` };
  const holds = p.collection !== undefined ? holdsManifest(now, p.body) : sameJson(applyMergePatch(now, stripResourceVersion(p.body)), now);
  return holds
    ? { step: p.step, status: "applied", reason: `${name}: the answer was lost (${e.message}), but reading it again shows the change made` }
    : { step: p.step, status: "failed", reason: `${name}: ${e.message}; it has changed since, but not as this step would change it: check it with kubectl get` };
}

function stripResourceVersion(body: Record<string, unknown>): Record<string, unknown> {
  const metadata = { ...asRecord(body["metadata"]) };
  delete metadata["resourceVersion"];
  return Object.keys(metadata).length ? { ...body, metadata } : Object.fromEntries(Object.entries(body).filter(([k]) => k !== "metadata"));
}

/** An error of the cluster as an outcome: what the user may do about it, never a stack. */
function failure(step: ClusterStep, e: unknown, phase: "read" | "dry-run" | "write"): StepOutcome {
  const name = objectName(step.object);
  if (!(e instanceof KubeRequestError)) throw e;
  if (e.kind === "status") {
    if (e.status === 404) return { step, status: "refused", reason: `${name} no longer exists: not created again` };
    if (e.status === 403) return { step, status: "failed", reason: `${name}: ${phase === "read" ? "you may not read it" : "you may not change it"} (${forbiddenDetail(e.message)})` };
    if (e.status === 409) {
      return phase === "write"
        ? { step, status: "failed", reason: `${name} changed between wid's check and its write: not overwritten (${e.message}); run wid again` }
        : { step, status: "refused", reason: `${name} changed while wid checked it: not overwritten (${e.message})` };
    }
    if (phase === "dry-run" && (e.status === 400 || e.status === 422)) return { step, status: "refused", reason: `${name}: the API server refuses the change in a dry run: ${e.message}` };
    return { step, status: "failed", reason: `${name}: the API server answered ${e.status}: ${e.message}` };
  }
  return { step, status: "failed", reason: `${name}: ${e.message}` };
}
