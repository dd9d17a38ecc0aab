import type { KubeEvent } from "../model/runtime.js";
import { WI } from "../wi.js";
import { eventSubject, subjectKey, subjectName, type EventSubject } from "./shared/kube-events.js";
import { defineCheck } from "./types.js";

type Kind = "unreachable" | "denied" | "conflict";

interface Classified {
  kind: Kind;
  /** What went wrong, in a few words (the webhook's own text for a denial). */
  cause: string;
  /** The check that explains the cause, when wid has one. */
  explainedBy: string | undefined;
}

const NAME = WI.mutatingWebhookName.replace(/\./g, "\\.");
const FAILED_CALLING = new RegExp(`failed calling webhook "${NAME}": (.*)$`, "s");
const DENIED = new RegExp(`admission webhook "${NAME}" denied the request: (.*)$`, "s");
/** The token volume or mount the webhook adds, met a second time: two webhooks, or a manifest that adds it itself. */
const CONFLICT = /(azure-identity-token|azure-workload-identity-reserved-|\/var\/run\/secrets\/azure\/(?:wi|tokens))[^]*?(must be unique|Duplicate value)|(must be unique|Duplicate value)[^]*?(azure-identity-token|azure-workload-identity-reserved-|\/var\/run\/secrets\/azure\/(?:wi|tokens))/;

/** What the webhook says when it refuses a pod, and the check that explains each refusal. */
const DENIALS: [RegExp, string][] = [
  [/token expiration .* not valid|strconv\.ParseInt.*parsing/, "sa-token-expiration-invalid"],
  [/hostNetwork is set to true/, "proxy-host-network"],
  [/failed to parse proxy sidecar port/, "proxy-port-invalid"],
  [/serviceaccounts? "[^"]*" not found/, "sa-missing"],
];

export function classifyAdmissionEvent(e: KubeEvent): Classified | undefined {
  const message = e.message;
  const failed = FAILED_CALLING.exec(message);
  if (failed) {
    const why = failed[1]!.trim();
    const cause = /no endpoints available/.test(why)
      ? "no endpoints available for the webhook's Service"
      : /deadline exceeded|timeout|timed out/i.test(why)
        ? "the call timed out (is port 9443 to the webhook's pods allowed?)"
        : /x509|certificate/i.test(why)
          ? "the webhook's TLS certificate is not trusted"
          : /connection refused/.test(why)
            ? "connection refused"
            : why.split("\n")[0]!.slice(0, 200);
    return { kind: "unreachable", cause, explainedBy: /no endpoints|connection refused/.test(why) ? "webhook-not-ready" : undefined };
  }
  const denied = DENIED.exec(message);
  if (denied) {
    const why = denied[1]!.trim().split("\n")[0]!;
    return { kind: "denied", cause: why, explainedBy: DENIALS.find(([re]) => re.test(why))?.[1] };
  }
  if (CONFLICT.test(message)) {
    return { kind: "conflict", cause: message.split("\n")[0]!.slice(0, 300), explainedBy: /azure-identity-token|\/tokens/.test(message) ? "webhook-double-install" : undefined };
  }
  return undefined;
}

export const webhookAdmissionErrors = defineCheck({
  meta: {
    id: "webhook-admission-errors",
    severity: "error",
    data: ["R"],
    title: "Events say the webhook refused or failed pods",
    condition: 'recent events say `failed calling webhook "mutation.azure-workload-identity.io"`, `must be unique`, timeouts on 9443',
    symptom: "pods not created",
    description: `When the API server cannot create a pod because of the workload identity webhook, the controller that
asked for it (ReplicaSet, Job, StatefulSet, DaemonSet) records a \`FailedCreate\` Warning event, and the
workload runs fewer pods than it should, or none:

- \`failed calling webhook "mutation.azure-workload-identity.io": ... no endpoints available for service\`:
  the webhook is down (see \`webhook-not-ready\`); a timeout says the API server cannot reach its pods on
  port 9443 (a network policy or a firewall on a private cluster);
- \`admission webhook "mutation.azure-workload-identity.io" denied the request: ...\`: the webhook refused the
  pod, for a reason wid checks too (a token expiration out of range, a proxy sidecar on the host network,
  a ServiceAccount that does not exist);
- \`... must be unique\` or \`Duplicate value\` on the token volume or its mount: the pod got the volume twice
  (two webhooks, or a manifest that adds it itself).

The check reads the cluster's recent Warning events, one finding per workload and cause, with the event's
text, how often and when it happened, and the check that explains it.

Fix: follow the check it names; then the controller creates the pods on its own (a Job or CronJob run
that gave up must be started again).`,
    messages: {
      unreachable: "{workload}: pods could not be created, the API server failed calling the workload identity webhook: {cause} ({count} times, last {time})",
      denied: "{workload}: the workload identity webhook refused its pods: {cause} ({count} times, last {time})",
      conflict: "{workload}: its pods were refused with the webhook's token volume twice: {cause} ({count} times, last {time})",
    },
    needs: ["runtime.events"],
    fixable: false,
  },
  detect(ctx) {
    const groups = new Map<string, { subject: EventSubject; c: Classified; events: KubeEvent[] }>();
    for (const e of ctx.snapshot.runtime.events) {
      if (e.type !== "Warning") continue;
      const c = classifyAdmissionEvent(e);
      if (!c) continue;
      const subject = eventSubject(ctx.index, e);
      const key = `${subjectKey(subject)}\u0000${c.kind}\u0000${c.cause}`;
      const g = groups.get(key) ?? { subject, c, events: [] };
      g.events.push(e);
      groups.set(key, g);
    }
    for (const { subject, c, events } of groups.values()) {
      const count = events.reduce((n, e) => n + e.count, 0);
      const last = events.map((e) => e.lastTimestamp ?? "").sort().at(-1) || "unknown";
      ctx.report({
        object: subject.object,
        messageId: c.kind,
        data: { workload: subjectName(subject), cause: c.cause, count, time: last },
        evidence: {
          reason: events[0]!.reason,
          message: events[0]!.message,
          involvedObject: `${events[0]!.involvedObject.kind}/${events[0]!.involvedObject.name}`,
          count,
          lastTimestamp: last,
          ...(c.explainedBy ? { explainedBy: c.explainedBy } : {}),
        },
        ...(subject.workload ? { workload: subject.workload } : {}),
      });
    }
  },
});
