import type { FederatedCredential, ManagedIdentity } from "../model/azure.js";
import type { KubeObject, ObjectRef } from "../model/kube.js";
import type { SnapshotIndex } from "../engine/snapshot-index.js";
import { toWorkload, type Workload } from "../engine/workloads.js";
import { azureRef } from "../engine/refs.js";
import { isGuid } from "../util/guid.js";
import { redactText } from "../util/redact.js";
import { WI } from "../wi.js";
import { annotationsOf } from "./shared/azure-bindings.js";
import { subjectNearMiss, trailingSlashOnly } from "./shared/azure-fic.js";
import { eventSubject } from "./shared/kube-events.js";
import { envOf } from "./shared/kube-containers.js";
import { tokenVolume } from "./shared/live-pods.js";
import { AADSTS_MEANING, classifyRuntimeLine, TOKEN_FILE_REREADERS, type RuntimeError } from "./shared/runtime-errors.js";
import { defineCheck } from "./types.js";

/** One occurrence of an error: where it was read and the line. */
interface Occurrence {
  error: RuntimeError;
  line: string;
  time: string | undefined;
  source: string;
  pod: KubeObject | undefined;
  container: string | undefined;
}

interface Subject {
  workload: Workload | undefined;
  object: KubeObject | ObjectRef;
  title: string;
}

/** What the error means for this workload: the words, the check that explains it, the facts found. */
interface Explanation {
  why: string;
  explainedBy?: string;
  facts?: Record<string, unknown>;
}

/** Pods by namespace and name, built once per run: thousands of log excerpts each name one. */
function podLookup(index: SnapshotIndex): (namespace: string, name: string) => KubeObject | undefined {
  const pods = new Map(index.byKind("Pod").map((p) => [`${p.namespace ?? "default"}/${p.name}`, p]));
  return (namespace, name) => pods.get(`${namespace}/${name}`);
}

function subjectOfPod(index: SnapshotIndex, pod: KubeObject | undefined, namespace: string, name: string, owner?: { kind: string; name: string }): Subject {
  const workload = pod ? (index.controllerOf(pod) ?? toWorkload(pod)) : owner ? index.workloads.find((w) => w.kind === owner.kind && w.name === owner.name && w.namespace === namespace) : undefined;
  if (workload) return { workload, object: workload.object, title: `${workload.kind} ${workload.namespace}/${workload.name}` };
  return { workload: undefined, object: { kind: "Pod", name, namespace }, title: `Pod ${namespace}/${name}` };
}

/** The client id a pod authenticates as: its AZURE_CLIENT_ID, else its ServiceAccount's annotation. */
function clientIdOf(index: SnapshotIndex, pod: KubeObject | undefined, container: string | undefined): string | undefined {
  if (!pod) return undefined;
  const view = toWorkload(pod);
  const c = view?.containers.find((x) => x.name === container) ?? view?.containers.find((x) => x.group === "containers");
  const fromEnv = c ? envOf(c).find((e) => e.name === WI.env.clientId)?.value : undefined;
  if (fromEnv) return fromEnv.trim();
  const sa = view ? index.serviceAccount(view.namespace, view.serviceAccountName) : undefined;
  const annotated = sa ? (annotationsOf(sa)[WI.clientIdAnnotation] ?? "").trim() : "";
  return annotated || undefined;
}

/** AADSTS70021 and its kin: the assertion's issuer, subject and audience against the identity's credentials. */
function explainFederation(index: SnapshotIndex, e: Extract<RuntimeError, { kind: "aadsts" }>, identity: ManagedIdentity | undefined, fics: FederatedCredential[] | undefined): Explanation {
  const quoted = { ...(e.issuer !== undefined ? { issuer: e.issuer } : {}), ...(e.subject !== undefined ? { subject: e.subject } : {}), ...(e.audience !== undefined ? { audience: e.audience } : {}) };
  const base = AADSTS_MEANING[e.code]!;
  if (!identity || !fics) {
    return { why: `${base.meaning}${e.subject ? ` (token subject ${e.subject}${e.issuer ? `, issuer ${e.issuer}` : ""})` : ""}; with the identity's federated credentials wid could say which part differs`, ...(base.explainedBy ? { explainedBy: base.explainedBy } : {}), facts: { assertion: quoted } };
  }
  const name = identity.name;
  const facts = { assertion: quoted, identity: name, credentials: fics.map((f) => ({ name: f.name, issuer: f.issuer, subject: f.subject, audiences: f.audiences })) };
  const sameSubject = e.subject !== undefined ? fics.filter((f) => f.subject === e.subject) : [];
  if (e.subject !== undefined && sameSubject.length === 0) {
    const parts = /^system:serviceaccount:([^:]*):(.*)$/.exec(e.subject);
    const near = parts ? fics.find((f) => subjectNearMiss(f.subject, parts[1]!, parts[2]!) !== undefined) : undefined;
    if (near) return { why: `the token's subject is ${e.subject}, but credential ${near.name} of ${name} trusts ${near.subject}`, explainedBy: "fic-subject-mismatch", facts };
    return { why: `no federated credential of ${name} has the subject ${e.subject}`, explainedBy: "fic-missing", facts };
  }
  if (e.issuer !== undefined && sameSubject.length && !sameSubject.some((f) => f.issuer === e.issuer)) {
    const f = sameSubject[0]!;
    const slash = trailingSlashOnly(f.issuer, e.issuer);
    const clusterIssuer = index.cluster?.issuerUrl;
    const changed = !slash && clusterIssuer !== undefined && clusterIssuer === e.issuer && f.issuer !== clusterIssuer;
    return {
      why: slash
        ? `credential ${f.name} of ${name} trusts issuer ${f.issuer}, which differs from the token's ${e.issuer} by its trailing slash alone`
        : `credential ${f.name} of ${name} trusts issuer ${f.issuer}, not the token's ${e.issuer}`,
      explainedBy: changed ? "cluster-issuer-changed" : "fic-issuer-mismatch",
      facts,
    };
  }
  if (e.audience !== undefined && sameSubject.length && !sameSubject.some((f) => f.audiences.includes(e.audience!))) {
    const f = sameSubject[0]!;
    return { why: `credential ${f.name} of ${name} accepts audiences ${f.audiences.join(", ") || "none"}, not the token's ${e.audience}`, explainedBy: "fic-audience-invalid", facts };
  }
  if (sameSubject.length) {
    return { why: `credential ${sameSubject[0]!.name} of ${name} matches the token now: the error predates it, or it was still propagating`, explainedBy: "fic-propagation", facts };
  }
  return { why: base.meaning, ...(base.explainedBy ? { explainedBy: base.explainedBy } : {}), facts };
}

/** AADSTS700016: which of the client id checks explains it, from what the identities are. */
function explainClientId(index: SnapshotIndex, clientId: string | undefined, haveIdentities: boolean): Explanation {
  const base = AADSTS_MEANING[700016]!;
  if (!clientId) return { why: base.meaning, explainedBy: "sa-client-id-missing" };
  if (!isGuid(clientId)) return { why: `the client id "${clientId}" is not a GUID`, explainedBy: "sa-client-id-not-guid" };
  if (!haveIdentities) return { why: `${base.meaning} (client id ${clientId})`, explainedBy: "sa-client-id-unknown" };
  if (index.identityByPrincipalId(clientId)) return { why: `${clientId} is the principal (object) id of identity ${index.identityByPrincipalId(clientId)!.name}, not its client id`, explainedBy: "sa-client-id-is-principal-id" };
  const identity = index.identityByClientId(clientId);
  if (identity) return { why: `client id ${clientId} is identity ${identity.name}, of tenant ${identity.tenantId}: the token was asked of another tenant`, explainedBy: "sa-tenant-mismatch" };
  return { why: `client id ${clientId} is none of the identities read`, explainedBy: "sa-client-id-unknown" };
}

export const runtimeAadstsError = defineCheck({
  meta: {
    id: "runtime-aadsts-error",
    severity: "error",
    data: ["R"],
    title: "Logs or events hold an Entra ID (AADSTS) error",
    condition:
      "recent container logs or events hold an AADSTS code or an Azure SDK identity error; the finding names the code, quotes the line, and links it to the check above that explains it (parse issuer/subject/audience out of AADSTS70021 and diff them against the FICs)",
    symptom: "the error itself",
    description: `Most workload identity mistakes end in an Entra ID error code in the application's log: AADSTS70021
or 700211/700213 (no federated credential matches the token's issuer, subject or audience), AADSTS700016
(the client id or tenant is wrong), AADSTS90061 (the issuer cannot be reached), AADSTS70023 (a token that
lives too long, such as the default ServiceAccount token), AADSTS700024 (an expired token file read once
and cached), AADSTS70011 (a scope that does not end in \`/.default\`), AADSTS50005 (conditional access), or
the Azure SDK's "ManagedIdentityCredential ... has not been assigned" when the pod was never mutated.

The check reads the recent log lines of one pod per workload that uses workload identity, and the
cluster's Warning events (a CSI driver's failed mount quotes the same codes). For each workload and
error it names the code, quotes the line (tokens and secrets masked) and links it to the check that
explains it:

- AADSTS70021: the assertion's issuer, subject and audience, read from the message, against the federated
  credentials of the pod's identity: which one differs, and how (a trailing slash, a near-miss subject, a
  missing audience), or that no credential has the subject;
- AADSTS700016: whether the client id is a placeholder, a principal id, an identity of another tenant, or
  none at all;
- AADSTS90061 (and 50166): the issuer URL it quotes, if any, and the cluster's;
- AADSTS700024: the application read the token file once and kept it; the kubelet renews the file, and the
  WorkloadIdentityCredential of the Azure Identity libraries reads it again (${TOKEN_FILE_REREADERS});
- an SDK asking the node's managed identity endpoint (IMDS, \`ManagedIdentityCredential\`) inside a pod that
  uses workload identity: the pod was not mutated, or the application picks that credential itself.

Fix: follow the check it names; for AADSTS700024, use \`WorkloadIdentityCredential\` (or
\`DefaultAzureCredential\`) of a current Azure Identity library, or read the file again before each token
request; for IMDS in a mutated pod, use \`WorkloadIdentityCredential\` instead of \`ManagedIdentityCredential\`.`,
    messages: {
      aadsts: "{workload}: {source} holds AADSTS{code} ({meaning}): {why}",
      managedIdentity: "{workload}: {source} shows the Azure SDK asking the node's managed identity (IMDS) for a token instead of using workload identity: {why}",
      notConfigured: "{workload}: {source} shows WorkloadIdentityCredential without its settings: {why}",
    },
    needs: ["runtime.logs"],
    fixable: false,
  },
  detect(ctx) {
    const { index, snapshot } = ctx;
    const haveIdentities = snapshot.coverage.available.has("azure.identities");
    const haveFics = snapshot.coverage.available.has("azure.federatedCredentials");
    const podOf = podLookup(index);
    const occurrences: { subject: Subject; o: Occurrence }[] = [];
    for (const log of snapshot.runtime.logs) {
      const pod = podOf(log.namespace, log.pod);
      const subject = subjectOfPod(index, pod, log.namespace, log.pod, log.owner);
      for (const line of log.lines) {
        const error = classifyRuntimeLine(line.text);
        if (error) occurrences.push({ subject, o: { error, line: line.text, time: line.time, source: `the log of pod ${log.pod} (container ${log.container})`, pod, container: log.container } });
      }
    }
    if (snapshot.coverage.available.has("runtime.events")) {
      for (const e of snapshot.runtime.events) {
        const error = classifyRuntimeLine(e.message);
        if (!error) continue;
        const found = eventSubject(index, e);
        const pod = e.involvedObject.kind === "Pod" ? podOf(e.involvedObject.namespace ?? e.namespace ?? "default", e.involvedObject.name) : undefined;
        const subject: Subject = { workload: found.workload, object: found.object, title: found.workload ? `${found.workload.kind} ${found.workload.namespace}/${found.workload.name}` : `${e.involvedObject.kind} ${e.involvedObject.namespace ?? ""}/${e.involvedObject.name}` };
        occurrences.push({ subject, o: { error, line: e.message, time: e.lastTimestamp, source: `the ${e.reason} event of ${e.involvedObject.kind} ${e.involvedObject.name}`, pod, container: undefined } });
      }
    }

    const groups = new Map<string, { subject: Subject; first: Occurrence; count: number; last: string | undefined }>();
    for (const { subject, o } of occurrences) {
      const ref = subject.object as ObjectRef;
      const key = `${ref.kind}/${ref.namespace ?? ""}/${ref.name}\u0000${o.error.kind === "aadsts" ? o.error.code : o.error.kind}`;
      const g = groups.get(key);
      if (g) {
        g.count++;
        if ((o.time ?? "") > (g.last ?? "")) g.last = o.time;
      } else groups.set(key, { subject, first: o, count: 1, last: o.time });
    }

    for (const { subject, first, count, last } of groups.values()) {
      const { error } = first;
      const clientId = clientIdOf(index, first.pod, first.container);
      let explanation: Explanation;
      let messageId: "aadsts" | "managedIdentity" | "notConfigured";
      if (error.kind === "aadsts") {
        messageId = "aadsts";
        const identity = clientId && haveIdentities ? index.identityByClientId(clientId) : undefined;
        const meaning = AADSTS_MEANING[error.code];
        if (error.code === 70021 || error.code === 700211 || error.code === 700212 || error.code === 700213) explanation = explainFederation(index, error, identity, identity && haveFics ? index.ficsOf(identity) : undefined);
        else if (error.code === 700016) explanation = explainClientId(index, clientId, haveIdentities);
        else if (error.code === 700024) explanation = { why: `the application read the token file once and kept the token; the kubelet renews the file before it expires, and the Azure Identity libraries read it again (${TOKEN_FILE_REREADERS})` };
        else if (meaning?.explainedBy === "cluster-issuer-unreachable") {
          const clusterIssuer = index.cluster?.issuerUrl;
          explanation = {
            why: `${error.url ? `the issuer it names is ${error.url}` : "it names no issuer URL"}${clusterIssuer ? `; the cluster's issuer is ${clusterIssuer}` : ""}: its discovery document (/.well-known/openid-configuration) and keys must be served over HTTPS`,
            explainedBy: "cluster-issuer-unreachable",
            facts: { ...(error.url ? { issuerUrl: error.url } : {}), ...(clusterIssuer ? { clusterIssuer } : {}) },
          };
        } else explanation = { why: meaning ? meaning.meaning : "an Entra ID error; https://login.microsoftonline.com/error?code=" + error.code + " describes it", ...(meaning?.explainedBy ? { explainedBy: meaning.explainedBy } : {}) };
      } else {
        messageId = error.kind === "managed-identity" ? "managedIdentity" : "notConfigured";
        explanation = explainPodState(index, first.pod, subject.workload, error.kind);
      }
      const meaning = error.kind === "aadsts" ? (AADSTS_MEANING[error.code]?.meaning ?? "see https://login.microsoftonline.com/error?code=" + error.code) : "";
      const identity = clientId && haveIdentities ? index.identityByClientId(clientId) : undefined;
      ctx.report({
        object: subject.object,
        messageId,
        data: { workload: subject.title, source: first.source, code: error.kind === "aadsts" ? error.code : 0, meaning, why: explanation.why },
        evidence: {
          ...(error.kind === "aadsts" ? { code: `AADSTS${error.code}` } : {}),
          line: redactText(first.line),
          ...(first.time ? { time: first.time } : {}),
          ...(last && last !== first.time ? { lastTime: last } : {}),
          occurrences: count,
          ...(clientId ? { clientId } : {}),
          ...(explanation.explainedBy ? { explainedBy: explanation.explainedBy } : {}),
          ...(explanation.facts ?? {}),
        },
        ...(subject.workload ? { workload: subject.workload } : {}),
        ...(identity ? { related: [azureRef("ManagedIdentity", identity)] } : {}),
      });
    }
  },
});

/** Why a pod's SDK fell back to IMDS or found no settings: the state the webhook left it in. */
function explainPodState(index: SnapshotIndex, pod: KubeObject | undefined, workload: Workload | undefined, kind: "managed-identity" | "not-configured"): Explanation {
  const view = pod ? toWorkload(pod) : workload;
  if (!view) return { why: kind === "managed-identity" ? "the pod has no workload identity settings" : "the pod's AZURE_* variables are missing" };
  const labelled = view.labels[WI.useLabel] === "true";
  const sa = index.serviceAccount(view.namespace, view.serviceAccountName);
  const clientId = sa ? (annotationsOf(sa)[WI.clientIdAnnotation] ?? "").trim() : "";
  if (!labelled) return { why: `its pods lack the label ${WI.useLabel}: "true", so the webhook never gives them the identity`, explainedBy: "pod-label-missing" };
  if (pod && !tokenVolume(view)) return { why: "its pod was not mutated by the webhook (no token, no AZURE_* variables)", explainedBy: "pod-not-mutated" };
  if (clientId === "") return { why: `ServiceAccount ${view.namespace}/${view.serviceAccountName} names no client id, so no AZURE_CLIENT_ID was injected`, explainedBy: "sa-client-id-missing" };
  return kind === "managed-identity"
    ? { why: "the pod has the workload identity settings, so the application picks ManagedIdentityCredential (or calls IMDS) itself: use WorkloadIdentityCredential or DefaultAzureCredential" }
    : { why: "the pod has the webhook's variables, so the application reads other settings: check how it builds its credential" };
}
