import { qualifiedResource, type ResourceType } from "./resources.js";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.Status, the body of every error the apiserver returns. */
export interface KubeStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** An error that the HTTP layer turns into a Status response. */
export class StatusError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
  }
}

function status(code: number, reason: string, message: string, details?: KubeStatus["details"]): StatusError {
  const s: KubeStatus = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) s.details = details;
  return new StatusError(s);
}

type Res = Pick<ResourceType, "group" | "plural">;

function details(r: Res, name?: string): NonNullable<KubeStatus["details"]> {
  const d: NonNullable<KubeStatus["details"]> = {};
  if (name !== undefined) d.name = name;
  if (r.group) d.group = r.group;
  d.kind = r.plural;
  return d;
}

export const errors = {
  notFound: (r: Res, name: string) => status(404, "NotFound", `${qualifiedResource(r)} "${name}" not found`, details(r, name)),
  alreadyExists: (r: Res, name: string) =>
    status(409, "AlreadyExists", `${qualifiedResource(r)} "${name}" already exists`, details(r, name)),
  conflict: (r: Res, name: string, why = "the object has been modified; please apply your changes to the latest version and try again") =>
    status(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": ${why}`, details(r, name)),
  /** 403 as the RBAC authorizer words it. */
  forbidden: (user: string, verb: string, r: Res & { sub?: string }, namespace: string | undefined, name?: string) => {
    const resource = r.sub ? `${r.plural}/${r.sub}` : r.plural;
    const where = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
    const subject = name !== undefined ? `${qualifiedResource(r)} "${name}"` : qualifiedResource(r);
    return status(
      403,
      "Forbidden",
      `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${r.group}" ${where}`,
      details(r, name),
    );
  },
  /** 403 from an admission plugin: `pods "x" is forbidden: <why>`. */
  forbiddenByAdmission: (r: Res, name: string, why: string) =>
    status(403, "Forbidden", `${qualifiedResource(r)} "${name}" is forbidden: ${why}`, details(r, name)),
  unauthorized: () => status(401, "Unauthorized", "Unauthorized"),
  badRequest: (message: string) => status(400, "BadRequest", message),
  /** 422 with field causes, as validation reports them: `Deployment.apps "x" is invalid: ...`. */
  invalid: (kind: string, group: string, name: string, causes: { field: string; message: string; type?: string }[]) => {
    const list = causes.map((c) => `${c.field}: ${c.message}`);
    const summary = list.length === 1 ? list[0] : `[${list.join(", ")}]`;
    // StatusDetails fields are omitempty: an options object or a patch has no name, kind or group.
    return status(422, "Invalid", `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${summary}`, {
      ...(name ? { name } : {}),
      ...(group ? { group } : {}),
      ...(kind ? { kind } : {}),
      causes: causes.map((c) => ({ reason: c.type ?? "FieldValueInvalid", message: c.message, field: c.field })),
    });
  },
  methodNotAllowed: (verb: string) => status(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`, { causes: [{ message: verb }] }),
  pageNotFound: () => status(404, "NotFound", "the server could not find the requested resource", {}),
  /** 415 for a PATCH content type the resource does not take (strategic merge on a custom resource). */
  unsupportedMediaType: () =>
    status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
  gone: (message: string) => status(410, "Expired", message),
  /** 500 from a failed webhook call (`failurePolicy: Fail`). */
  internal: (message: string) =>
    status(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] }),
  /** 503 from a control plane that cannot serve (an aggregated API down, a restarting apiserver). */
  serviceUnavailable: () => status(503, "ServiceUnavailable", "the server is currently unable to handle the request"),
  /** 504 from the apiserver's timeout filter. */
  timeout: () => status(504, "Timeout", "Timeout: request did not complete within requested timeout - context deadline exceeded", { retryAfterSeconds: 1 }),
  /** A webhook denial: admission.Errored has a code and a message but no reason. */
  webhookDenied: (webhook: string, code: number, message: string) =>
    status(Math.max(code, 400), "", `admission webhook "${webhook}" denied the request: ${message}`),
  namespaceTerminating: (r: Res, name: string, ns: string) =>
    status(403, "Forbidden", `${qualifiedResource(r)} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, details(r, name)),
};

export function successStatus(r: Res, name: string, uid?: string): Record<string, unknown> {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    details: { ...details(r, name), ...(uid ? { uid } : {}) },
  };
}
