import type { Path } from "../model/location.js";
import type { KubeObject } from "../model/kube.js";
import type { Workload } from "../engine/workloads.js";
import { kubeRef } from "../engine/refs.js";
import { setField } from "../fixes/builders/index.js";
import { asRecord, getIn } from "../util/raw.js";
import { WI } from "../wi.js";
import { durationSeconds, parseGoInt } from "./shared/kube-go-int.js";
import { yamlType } from "./shared/kube-meta.js";
import { DEPLOYMENT, example, WORLD, yamlDocuments } from "./shared/example-world.js";
import { defineCheck, type CheckContext } from "./types.js";

const MIN = WI.minTokenExpirationSeconds;
const MAX = WI.maxTokenExpirationSeconds;

const messages = {
    notInteger: '{object} sets the token expiration to "{value}", which is not a whole number of seconds',
    outOfRange: "{object} sets the token expiration to {value} seconds, outside 3600–86400",
    notString: "{object} writes the token expiration as an unquoted {type}; annotation values must be strings",
} as const;

export const saTokenExpirationInvalid = defineCheck({
  meta: {
    id: "sa-token-expiration-invalid",
    severity: "error",
    data: ["M", "K"],
    title: "The token expiration annotation is out of range",
    condition: "expiration annotation (SA or pod) not an integer in 3600–86400",
    symptom: "admission rejected: `token expiration N not valid`",
    description: `\`azure.workload.identity/service-account-token-expiration\` sets how long the projected token lives, in
seconds. The webhook reads it from the pod, else from the ServiceAccount (an empty value counts as
absent), parses it as a plain decimal integer and accepts only **3600 to 86400** (1 to 24 hours). Any
other value makes the webhook refuse the pod, and with \`failurePolicy: Fail\` the pod is not created:
the ReplicaSet or Job shows \`FailedCreate ... token expiration 600 not valid. Expected value to be
between 3600 and 86400\`, or \`strconv.ParseInt: parsing "1h": invalid syntax\` for a value with a unit.

An unquoted number (\`service-account-token-expiration: 7200\`) is rejected even earlier: Kubernetes
annotation values must be strings, so \`kubectl apply\` fails.

A bad value on a ServiceAccount breaks every labelled pod that uses it without its own pod annotation.

Fix: write a quoted number of seconds between 3600 and 86400, e.g. \`"3600"\`, or remove the annotation to
get the default of 3600. The Azure SDKs refresh the token file themselves, so a longer lifetime is rarely
needed.`,
    messages,
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: ${WORLD.clientId}
    azure.workload.identity/service-account-token-expiration: "1h"   # seconds, not a duration
`,
          DEPLOYMENT,
        ),
      ),
      good: example(
        yamlDocuments(
          `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: ${WORLD.clientId}
    azure.workload.identity/service-account-token-expiration: "3600"
`,
          DEPLOYMENT,
        ),
      ),
    },
  },
  detect(ctx) {
    const overriding = (w: Workload) => (w.annotations[WI.tokenExpirationAnnotation] ?? "") !== "";
    for (const sa of ctx.index.byKind("ServiceAccount")) {
      // the pods this annotation decides: labelled, without their own expiration
      const users = ctx.index.workloadsOf(sa.namespace ?? "default", sa.name).filter((w) => w.labels[WI.useLabel] === "true" && !overriding(w));
      check(ctx, sa, ["metadata", "annotations", WI.tokenExpirationAnnotation], `ServiceAccount ${sa.namespace}/${sa.name}`, users[0], users.slice(1).map((u) => u.object));
    }
    for (const w of ctx.index.workloads) {
      check(ctx, w.object, [...w.templatePath, "metadata", "annotations", WI.tokenExpirationAnnotation], w.kind === "Pod" ? `Pod ${w.namespace}/${w.name}` : `the pod template of ${w.kind} ${w.namespace}/${w.name}`, w, []);
    }
  },
});

/** What is wrong with an expiration value, and the value that fixes it; undefined when it is valid. */
function expirationProblem(raw: unknown): { messageId: "notInteger" | "outOfRange" | "notString"; suggestion: number } | undefined {
  if (raw === undefined || raw === null) return undefined;
  const clamp = (n: number) => Math.min(MAX, Math.max(MIN, n));
  if (typeof raw !== "string") {
    const n = typeof raw === "number" && Number.isInteger(raw) ? raw : MIN;
    return { messageId: "notString", suggestion: clamp(n) };
  }
  // the webhook treats an empty value as absent
  if (raw === "") return undefined;
  const n = parseGoInt(raw, 64);
  if (n === undefined) {
    const digits = raw.trim();
    const meant = durationSeconds(raw) ?? (/^[+-]?[0-9]+$/.test(digits) ? Number(digits) : MIN);
    return { messageId: "notInteger", suggestion: clamp(meant) };
  }
  if (n >= BigInt(MIN) && n <= BigInt(MAX)) return undefined;
  return { messageId: "outOfRange", suggestion: n < BigInt(MIN) ? MIN : MAX };
}

function check(ctx: CheckContext<typeof messages>, o: KubeObject, path: Path, name: string, workload: Workload | undefined, alsoAffected: KubeObject[]): void {
  const raw = asRecord(getIn(o.raw, path.slice(0, -1)))[WI.tokenExpirationAnnotation];
  const problem = expirationProblem(raw);
  if (!problem) return;
  const value = String(raw);
  ctx.report({
    object: o,
    path,
    messageId: problem.messageId,
    data: { object: name, value, type: yamlType(raw) },
    evidence: { expected: `a quoted whole number of seconds from ${MIN} to ${MAX}`, actual: typeof raw === "string" ? raw : `${value} (${yamlType(raw)})` },
    fixes: [setField(o, path, String(problem.suggestion), `Set the token expiration to "${problem.suggestion}"`)],
    ...(workload ? { workload } : {}),
    related: alsoAffected.map((a) => kubeRef(a)),
  });
}
