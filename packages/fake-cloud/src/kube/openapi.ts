import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { ResourceType } from "./resources.js";
import { errors } from "./status.js";
import { sendJson } from "./http.js";

/**
 * OpenAPI v3 as far as kubectl uses it: the root index and, per group-version, the PATCH
 * operations tagged with their group-version-kind and the `fieldValidation` parameter (so kubectl
 * validates on the server). Schemas are not served: kubectl then computes strategic merge patches
 * from its built-in types, as it does for any server without them.
 */
function gvPath(r: Pick<ResourceType, "group" | "version">): string {
  return r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
}

function patchOperation(r: ResourceType): Record<string, unknown> {
  const schema = { $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch" };
  return {
    description: `partially update the specified ${r.kind}`,
    operationId: `patch${r.kind}`,
    parameters: [
      { name: "dryRun", in: "query", schema: { type: "string", uniqueItems: true } },
      { name: "fieldManager", in: "query", schema: { type: "string", uniqueItems: true } },
      { name: "fieldValidation", in: "query", schema: { type: "string", uniqueItems: true } },
      { name: "force", in: "query", schema: { type: "boolean", uniqueItems: true } },
    ],
    requestBody: {
      content: {
        "application/json-patch+json": { schema },
        "application/merge-patch+json": { schema },
        "application/apply-patch+yaml": { schema },
      },
      required: true,
    },
    "x-kubernetes-action": "patch",
    "x-kubernetes-group-version-kind": { group: r.group, version: r.version, kind: r.kind },
  };
}

function gvDocument(resources: readonly ResourceType[], group: string, version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  for (const r of resources) {
    if (r.group !== group || r.version !== version || r.virtual) continue;
    const path = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.plural}/{name}` : `${prefix}/${r.plural}/{name}`;
    paths[path] = { patch: patchOperation(r) };
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "unversioned" },
    paths,
    components: { schemas: { "io.k8s.apimachinery.pkg.apis.meta.v1.Patch": { type: "object", description: "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body." } } },
  };
}

export function serveOpenApi(resources: readonly ResourceType[], path: string, _q: URLSearchParams, res: ServerResponse): void {
  if (path === "/openapi/v3") {
    const gvs = new Map<string, ResourceType>();
    for (const r of resources) if (!r.virtual) gvs.set(gvPath(r), r);
    const paths: Record<string, unknown> = {};
    for (const [p, r] of gvs) {
      const hash = createHash("sha512").update(JSON.stringify(gvDocument(resources, r.group, r.version))).digest("hex").slice(0, 128).toUpperCase();
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
    return sendJson(res, 200, { paths });
  }
  const m = path.match(/^\/openapi\/v3\/(api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/);
  if (m) {
    const group = m[2] ? "" : m[3]!;
    const version = m[2] ?? m[4]!;
    if (!resources.some((r) => r.group === group && r.version === version)) throw errors.pageNotFound();
    return sendJson(res, 200, gvDocument(resources, group, version));
  }
  throw errors.pageNotFound();
}
