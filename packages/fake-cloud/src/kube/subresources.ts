import { serviceAccountTokenClaims } from "../oidc/claims.js";
import type { KubeApi } from "./api.js";
import type { TokenSigner } from "../contracts.js";
import type { PodLogs } from "../scenario/types.js";
import type { Authorizer, Subject } from "./auth.js";
import type { KubeObj } from "./store.js";
import { kubeTime } from "./store.js";
import { errors, StatusError } from "./status.js";

function invalidTokenRequest(name: string, field: string, message: string): StatusError {
  return errors.invalid("TokenRequest", "authentication.k8s.io", name, [{ field, message }]);
}

/**
 * `serviceaccounts/{name}/token` (TokenRequest): a JWT signed by the cluster's issuer key with
 * the claims the real apiserver puts in (iss, sub, aud, exp, iat, nbf, jti, kubernetes.io).
 */
export async function createToken(
  api: KubeApi,
  signer: TokenSigner,
  apiAudiences: string[],
  namespace: string,
  name: string,
  body: unknown,
  nodeOf: (pod: KubeObj) => { name: string; uid: string } | undefined,
): Promise<KubeObj> {
  const sa = api.store.get("/serviceaccounts", namespace, name);
  if (!sa) throw errors.notFound({ group: "", plural: "serviceaccounts" }, name);
  const req = (body ?? {}) as KubeObj;
  const spec: KubeObj = req.spec ?? {};
  const expirationSeconds: number = spec.expirationSeconds ?? 3600;
  if (expirationSeconds < 600) throw invalidTokenRequest(name, "spec.expirationSeconds", `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`);
  if (expirationSeconds > 2 ** 32) throw invalidTokenRequest(name, "spec.expirationSeconds", `Invalid value: ${expirationSeconds}: may not specify a duration larger than 2^32 seconds`);
  const audiences: string[] = Array.isArray(spec.audiences) && spec.audiences.length ? spec.audiences : apiAudiences;

  const bound: KubeObj | undefined = spec.boundObjectRef;
  let pod: { name: string; uid: string } | undefined;
  let node: { name: string; uid: string } | undefined;
  if (bound) {
    if (bound.kind !== "Pod" && bound.kind !== "Secret" && bound.kind !== "Node") {
      throw invalidTokenRequest(name, "spec.boundObjectRef.kind", `Unsupported value: "${bound.kind}": supported values: "Pod", "Secret", "Node"`);
    }
    if (bound.kind === "Pod") {
      const p = api.store.get("/pods", namespace, bound.name);
      if (!p) throw errors.notFound({ group: "", plural: "pods" }, bound.name);
      if (bound.uid && bound.uid !== p.metadata.uid) {
        throw errors.conflict({ group: "", plural: "pods" }, bound.name, `the UID in the bound object reference (${bound.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
      }
      pod = { name: p.metadata.name, uid: p.metadata.uid };
      node = nodeOf(p);
    }
  }
  const claims = serviceAccountTokenClaims({
    issuer: signer.issuer,
    namespace,
    serviceAccount: { name, uid: sa.metadata.uid },
    ...(pod ? { pod } : {}),
    ...(node ? { node } : {}),
    audiences,
    expirationSeconds,
  });
  const exp = claims["exp"] as number;
  const token = await signer.signServiceAccountToken(claims);
  return {
    kind: "TokenRequest",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { name, namespace, creationTimestamp: null },
    spec: { audiences, expirationSeconds, boundObjectRef: bound ?? null },
    status: { token, expirationTimestamp: kubeTime(new Date(exp * 1000)) },
  };
}

export interface LogQuery {
  container: string | null;
  tailLines: string | null;
  timestamps: boolean;
  previous: boolean;
}

/** `pods/{name}/log`: the scenario's seeded lines for the pod's container. */
export function podLog(api: KubeApi, logs: PodLogs[], namespace: string, name: string, q: LogQuery): string {
  const pod = api.store.get("/pods", namespace, name);
  if (!pod) throw errors.notFound({ group: "", plural: "pods" }, name);
  const names: string[] = (pod.spec?.containers ?? []).map((c: KubeObj) => c.name);
  const all: string[] = [...(pod.spec?.initContainers ?? []).map((c: KubeObj) => c.name), ...names];
  let container = q.container;
  if (!container) {
    if (names.length !== 1) {
      throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(" ")}]`);
    }
    container = names[0]!;
  }
  if (!all.includes(container)) throw errors.badRequest(`container ${container} is not valid for pod ${name}`);
  if (q.previous) throw errors.badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  const mutated = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some((c: KubeObj) => (c.env ?? []).some((e: KubeObj) => e.name === "AZURE_FEDERATED_TOKEN_FILE"));
  let lines = logs
    .filter((l) => l.namespace === namespace && name.startsWith(l.podPrefix) && (l.container === undefined || l.container === container))
    .filter((l) => l.when !== "unmutated" || !mutated)
    .flatMap((l) => l.lines);
  const tail = q.tailLines === null ? -1 : Number(q.tailLines);
  if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
  const started = Date.parse(pod.metadata.creationTimestamp ?? kubeTime());
  return lines
    .map((l, i) => (q.timestamps ? `${new Date(started + i * 1000).toISOString().replace("Z", "000000Z")} ${l}` : l) + "\n")
    .join("");
}

/** SelfSubjectAccessReview: what `kubectl auth can-i` asks. */
export function accessReview(authz: Authorizer, subject: Subject, body: unknown): KubeObj {
  const spec: KubeObj = (body as KubeObj)?.spec ?? {};
  const ra: KubeObj | undefined = spec.resourceAttributes;
  let allowed = false;
  if (ra) {
    allowed = authz.allowed(subject, {
      verb: ra.verb ?? "",
      group: ra.group ?? "",
      resource: ra.resource ?? "",
      subresource: ra.subresource || undefined,
      namespace: ra.namespace || undefined,
      name: ra.name,
    });
  } else if (spec.nonResourceAttributes) {
    allowed = subject.admin || ["/version", "/healthz", "/livez", "/readyz", "/api", "/apis"].some((p) => spec.nonResourceAttributes.path?.startsWith(p));
  }
  const status: KubeObj = { allowed };
  if (allowed) status["reason"] = subject.admin ? `RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to User "${subject.name}"` : `RBAC: allowed by RoleBinding "${subject.name}" of Role "${subject.name}" to User "${subject.name}"`;
  return { kind: "SelfSubjectAccessReview", apiVersion: "authorization.k8s.io/v1", metadata: { creationTimestamp: null }, spec, status };
}

/** SelfSubjectRulesReview: `kubectl auth can-i --list`. */
export function rulesReview(subject: Subject, body: unknown): KubeObj {
  const spec: KubeObj = (body as KubeObj)?.spec ?? {};
  const ns: string | undefined = spec.namespace;
  const resourceRules = subject.admin
    ? [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }]
    : subject.rules
        .filter((r) => r.namespaces === undefined || (ns !== undefined && r.namespaces.includes(ns)))
        .map((r) => ({ verbs: r.verbs, apiGroups: ["*"], resources: r.resources }));
  resourceRules.push({ verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] });
  return {
    kind: "SelfSubjectRulesReview",
    apiVersion: "authorization.k8s.io/v1",
    metadata: { creationTimestamp: null },
    spec,
    status: {
      resourceRules,
      nonResourceRules: [{ verbs: ["get"], nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"] }],
      incomplete: false,
    },
  };
}

/** SelfSubjectReview: `kubectl auth whoami`. */
export function whoAmI(subject: Subject): KubeObj {
  return {
    kind: "SelfSubjectReview",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { creationTimestamp: null },
    status: { userInfo: { username: subject.name, groups: [...(subject.admin ? ["system:masters"] : []), "system:authenticated"] } },
  };
}
