import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CertificateAuthority } from "../tls/ca.js";
import { startHttpsServer } from "../tls/https-server.js";
import type { TokenSigner } from "../contracts.js";
import type { KubeFaults, KubeUser, PodLogs, PodState } from "../scenario/types.js";
import { KubeFaultInjector } from "./faults.js";
import { ObjectStore, type KubeObj } from "./store.js";
import { KubeApi, type PatchType } from "./api.js";
import { Authorizer, type Subject } from "./auth.js";
import { aggregatedDiscovery, aggregatedMediaType, apiGroup, apiGroupList, apiResourceList, apiVersions, negotiateDiscovery, versionInfo, type DiscoveryVersion } from "./discovery.js";
import { errors } from "./status.js";
import { parseBody, readBody, sendError, sendJson } from "./http.js";
import { serveWatch } from "./watch.js";
import { toTable, wantsTable, type IncludeObject } from "./table.js";
import { accessReview, createToken, podLog, rulesReview, whoAmI } from "./subresources.js";
import type { ResourceType } from "./resources.js";
import { Controllers } from "./controllers.js";
import { serveOpenApi } from "./openapi.js";
import { serveOpenApiV2 } from "./openapi-v2.js";
import { applyJsonPatch, applyMergePatch } from "./patch.js";
import { isProtobuf } from "./protobuf.js";
import { applyDecoder, checkApplyTypes, decodeBody, fieldValidationOf, patchDecoder, schemaFor, type Warn } from "./field-validation.js";
import { goQuote } from "./go-format.js";

export interface KubeApiServerOptions {
  ca: CertificateAuthority;
  /** Signs TokenRequest tokens: the cluster's OIDC issuer key. */
  signer: TokenSigner;
  /** `/version`'s gitVersion, e.g. `v1.32.4`. */
  kubernetesVersion?: string;
  /** Users besides `admin` (cluster-admin, always present). */
  users?: KubeUser[];
  logs?: PodLogs[];
  /** Default audiences of TokenRequest (the apiserver's --api-audiences); the issuer URL when omitted. */
  apiAudiences?: string[];
  /** Added to every request, in milliseconds. */
  latencyMs?: number;
  /** Pods the simulated kubelet does not run as Running and ready. */
  podStates?: PodState[];
  /** How long the simulated kubelet takes to stop a deleted pod (at most its grace period); 1 s when omitted. */
  podStopMs?: number;
  /** Throttling, errors, dropped connections and slow answers to inject. */
  faults?: KubeFaults;
}

export interface RunningKubeApiServer {
  url: string;
  port: number;
  /** Bearer token per user name. */
  tokens: Record<string, string>;
  api: KubeApi;
  /** Stores objects as they are (no admission), then lets the controllers catch up. */
  seed(objects: KubeObj[]): Promise<void>;
  /** Resolves once the controllers have nothing left to do. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

interface Route {
  resource: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  sub: string | undefined;
}

const PATCH_TYPES: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
  "application/apply-patch+cbor": "apply",
};

function isTrue(v: string | null): boolean {
  return v === "true" || v === "1";
}

/** The user agent's program name: the default field manager when a request names none. */
function defaultManager(req: IncomingMessage): string {
  const ua = req.headers["user-agent"] ?? "unknown";
  return ua.split("/")[0] || "unknown";
}

export async function startKubeApiServer(opts: KubeApiServerOptions): Promise<RunningKubeApiServer> {
  const gitVersion = opts.kubernetesVersion ?? "v1.32.4";
  const minor = Number(gitVersion.match(/^v\d+\.(\d+)/)?.[1] ?? 32);
  const store = new ObjectStore();
  const api = new KubeApi(store, minor);
  const authz = new Authorizer(opts.users ?? []);
  const logs = opts.logs ?? [];
  const apiAudiences = opts.apiAudiences ?? [opts.signer.issuer];
  const controllers = new Controllers(api, opts.ca.caPem, opts.podStates ?? [], opts.podStopMs);
  const faults = new KubeFaultInjector(opts.faults);
  let serverAddress = "127.0.0.1:0";

  const route = (path: string): Route | undefined => {
    const parts = path.split("/").filter(Boolean);
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === "api") {
      group = "";
      version = parts[1] ?? "";
      rest = parts.slice(2);
    } else if (parts[0] === "apis") {
      group = parts[1] ?? "";
      version = parts[2] ?? "";
      rest = parts.slice(3);
    } else return undefined;
    let namespace: string | undefined;
    if (rest[0] === "namespaces" && rest.length >= 3 && rest[2] !== "status" && rest[2] !== "finalize") {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const resource = api.registry.find(group, version, rest[0] ?? "");
    if (!resource) return undefined;
    if (namespace !== undefined && !resource.namespaced) return undefined;
    const name = rest[1];
    const sub = rest[2];
    if (rest.length > 3) return undefined;
    if (sub !== undefined && !(resource.subresources && sub in resource.subresources)) return undefined;
    return { resource, namespace, name, sub };
  };

  const verbOf = (req: IncomingMessage, r: Route, q: URLSearchParams): string => {
    switch (req.method) {
      case "GET":
      case "HEAD":
        if (isTrue(q.get("watch"))) return "watch";
        return r.name === undefined ? "list" : "get";
      case "POST":
        return "create";
      case "PUT":
        return "update";
      case "PATCH":
        return "patch";
      case "DELETE":
        return r.name === undefined ? "deletecollection" : "delete";
      default:
        return (req.method ?? "").toLowerCase();
    }
  };

  /** Warning headers (`299 - "text"`), each text once, as the apiserver's warning recorder sends them. */
  const warnings = (res: ServerResponse): Warn => {
    const seen = new Set<string>();
    return (text) => {
      if (seen.has(text)) return;
      seen.add(text);
      res.appendHeader("Warning", `299 - ${goQuote(text)}`);
    };
  };

  /** A create or update body, decoded into the resource's type under the request's field validation. */
  const readObject = async (req: IncomingMessage, res: ServerResponse, rt: ResourceType, q: URLSearchParams, options: "CreateOptions" | "UpdateOptions", sub?: string): Promise<unknown> => {
    const raw = await readBody(req);
    const ct = req.headers["content-type"];
    const validation = fieldValidationOf(q, options);
    const parsed = parseBody(raw, ct);
    if (isProtobuf(ct)) return parsed;
    return decodeBody(raw.toString("utf8"), parsed, /yaml/.test(ct ?? ""), rt, schemaFor(api.store, rt, sub), validation, warnings(res));
  };

  /** Aggregated discovery with the ETag (SHA-512 of the document) clients revalidate their cache with. */
  const serveAggregated = (req: IncomingMessage, res: ServerResponse, legacy: boolean, version: DiscoveryVersion): void => {
    const doc = aggregatedDiscovery(api.registry.list(), legacy, version, (r) => api.registry.isBuiltin(r));
    const etag = JSON.stringify(createHash("sha512").update(JSON.stringify({ metadata: {}, items: doc["items"] })).digest("hex").toUpperCase());
    const headers = { etag, vary: "Accept", "cache-control": "public" };
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(doc);
    res.writeHead(200, { ...headers, "content-type": aggregatedMediaType(version), "content-length": Buffer.byteLength(text) });
    res.end(text);
  };

  const tableMode = (req: IncomingMessage, q: URLSearchParams): IncludeObject | undefined => {
    if (!wantsTable(req.headers.accept)) return undefined;
    const inc = q.get("includeObject");
    return inc === "None" ? "None" : inc === "Object" ? "Object" : "Metadata";
  };

  const handleResource = async (req: IncomingMessage, res: ServerResponse, subject: Subject, r: Route, q: URLSearchParams) => {
    const verb = verbOf(req, r, q);
    const rt = r.resource;
    const ns = rt.namespaced ? r.namespace : undefined;
    // The apiserver's RequestInfo takes /api/v1/namespaces/NAME as a request in namespace NAME,
    // so a RoleBinding in a namespace may grant reading that Namespace itself.
    const authzNamespace = rt.group === "" && rt.plural === "namespaces" && r.name !== undefined ? r.name : ns;
    // Self reviews are open to every authenticated user (the system:basic-user role).
    if (!rt.virtual && !authz.allowed(subject, { verb, group: rt.group, resource: rt.plural, subresource: r.sub, namespace: authzNamespace, name: r.name })) {
      throw errors.forbidden(subject.name, verb, { group: rt.group, plural: rt.plural, sub: r.sub }, ns, r.name);
    }
    const dryRun = q.getAll("dryRun").includes("All");
    const fieldManager = q.get("fieldManager") ?? undefined;
    const write = { dryRun, fieldManager: fieldManager ?? defaultManager(req) };

    if (rt.virtual) {
      if (req.method !== "POST") throw errors.methodNotAllowed(verb);
      const body = await readObject(req, res, rt, q, "CreateOptions");
      if (rt.plural === "selfsubjectaccessreviews") return sendJson(res, 201, accessReview(authz, subject, body));
      if (rt.plural === "selfsubjectrulesreviews") return sendJson(res, 201, rulesReview(subject, body));
      return sendJson(res, 201, whoAmI(subject));
    }

    if (r.sub === "token") {
      if (req.method !== "POST" || !r.namespace || !r.name) throw errors.methodNotAllowed(verb);
      const body = await readObject(req, res, rt, q, "CreateOptions", "token");
      const out = await createToken(api, opts.signer, apiAudiences, r.namespace, r.name, body, (pod) => controllers.nodeOf(pod));
      return sendJson(res, 201, out);
    }
    if (r.sub === "log") {
      if (req.method !== "GET" || !r.namespace || !r.name) throw errors.methodNotAllowed(verb);
      const text = podLog(api, logs, r.namespace, r.name, {
        container: q.get("container"),
        tailLines: q.get("tailLines"),
        timestamps: isTrue(q.get("timestamps")),
        previous: isTrue(q.get("previous")),
      });
      res.writeHead(200, { "content-type": "text/plain", "cache-control": "no-cache, private" });
      if (isTrue(q.get("follow"))) {
        res.write(text);
        req.on("close", () => res.end());
        return;
      }
      res.end(text);
      return;
    }
    if (r.sub === "scale") {
      if (!r.name) throw errors.methodNotAllowed(verb);
      if (req.method === "GET") return sendJson(res, 200, api.getScale(rt, ns, r.name));
      const body = parseBody(await readBody(req), req.headers["content-type"]);
      let change: (s: KubeObj) => KubeObj;
      if (req.method === "PUT") change = () => body as KubeObj;
      else if (req.method === "PATCH") {
        const type = PATCH_TYPES[(req.headers["content-type"] ?? "").split(";")[0]!.trim()];
        if (type === "json") change = (s) => applyJsonPatch(s, body) as KubeObj;
        else if (type === "merge" || type === "strategic") change = (s) => applyMergePatch(s, body) as KubeObj;
        else throw errors.unsupportedMediaType();
      } else throw errors.methodNotAllowed(verb);
      const scaled = api.updateScale(rt, ns, r.name, change, write);
      controllers.kick();
      return sendJson(res, 200, scaled);
    }

    switch (req.method) {
      case "GET": {
        if (r.name !== undefined) {
          const o = api.get(rt, ns, r.name);
          const t = tableMode(req, q);
          return sendJson(res, 200, t ? toTable(rt.kind, [o], { resourceVersion: o.metadata?.resourceVersion }, t) : o);
        }
        if (verb === "watch") {
          const timeout = q.get("timeoutSeconds");
          return serveWatch(api, req, res, {
            resource: rt,
            namespace: ns,
            resourceVersion: q.get("resourceVersion"),
            labelSelector: q.get("labelSelector"),
            fieldSelector: q.get("fieldSelector"),
            timeoutSeconds: timeout ? Number(timeout) : undefined,
            allowBookmarks: isTrue(q.get("allowWatchBookmarks")),
            table: tableMode(req, q),
          });
        }
        const limit = q.get("limit");
        const { items, metadata } = api.list(rt, ns, {
          labelSelector: q.get("labelSelector"),
          fieldSelector: q.get("fieldSelector"),
          limit: limit ? Number(limit) : undefined,
          continue: q.get("continue"),
        });
        const t = tableMode(req, q);
        if (t) {
          return sendJson(res, 200, toTable(rt.kind, items.map((o) => api.present(rt, o)), metadata, t));
        }
        return sendJson(res, 200, { kind: `${rt.kind}List`, apiVersion: rt.group ? `${rt.group}/${rt.version}` : rt.version, metadata, items });
      }
      case "POST": {
        if (r.name !== undefined) throw errors.methodNotAllowed(verb);
        const body = await readObject(req, res, rt, q, "CreateOptions");
        const created = api.create(rt, ns, body, write);
        controllers.kick();
        return sendJson(res, 201, created);
      }
      case "PUT": {
        if (r.name === undefined) throw errors.methodNotAllowed(verb);
        const body = await readObject(req, res, rt, q, "UpdateOptions", r.sub);
        const updated = api.update(rt, ns, r.name, body, write, r.sub);
        controllers.kick();
        return sendJson(res, 200, updated);
      }
      case "PATCH": {
        if (r.name === undefined) throw errors.methodNotAllowed(verb);
        const ct = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
        const type = PATCH_TYPES[ct];
        if (!type) throw errors.unsupportedMediaType();
        const raw = await readBody(req);
        const validation = fieldValidationOf(q, "PatchOptions");
        const body = parseBody(raw, type === "apply" ? "yaml" : "json");
        const text = raw.toString("utf8");
        const schema = schemaFor(api.store, rt, r.sub);
        if (type === "apply") checkApplyTypes(body, schema);
        const decodePatched = type === "apply" ? applyDecoder(text, validation, warnings(res)) : patchDecoder(text, type, body, schema, validation, warnings(res));
        const existed = api.store.get(`${rt.group}/${rt.plural}`, ns, r.name) !== undefined;
        const patched = api.patch(rt, ns, r.name, type, body, { ...write, fieldManager: fieldManager, force: isTrue(q.get("force")), decodePatched }, r.sub);
        controllers.kick();
        return sendJson(res, type === "apply" && !existed ? 201 : 200, patched);
      }
      case "DELETE": {
        const body = (parseBody(await readBody(req), req.headers["content-type"] ?? "json") ?? {}) as KubeObj;
        const propagationPolicy = q.get("propagationPolicy") ?? body.propagationPolicy;
        const bodyDryRun = Array.isArray(body.dryRun) && body.dryRun.includes("All");
        const graceParam = q.get("gracePeriodSeconds");
        const grace = graceParam !== null ? Number(graceParam) : typeof body.gracePeriodSeconds === "number" ? body.gracePeriodSeconds : undefined;
        const delOpts = { dryRun: dryRun || bodyDryRun, propagationPolicy, preconditionsRv: body.preconditions?.resourceVersion, ...(grace !== undefined && Number.isFinite(grace) ? { gracePeriodSeconds: grace } : {}) };
        if (r.name === undefined) {
          const { items } = api.list(rt, ns, { labelSelector: q.get("labelSelector"), fieldSelector: q.get("fieldSelector") });
          const deleted = items.map((o) => api.delete(rt, o.metadata.namespace, o.metadata.name, delOpts));
          controllers.kick();
          return sendJson(res, 200, { kind: `${rt.kind}List`, apiVersion: rt.group ? `${rt.group}/${rt.version}` : rt.version, metadata: { resourceVersion: String(api.store.resourceVersion) }, items: deleted });
        }
        const deleted = api.delete(rt, ns, r.name, delOpts);
        controllers.kick();
        return sendJson(res, 200, deleted);
      }
      default:
        throw errors.methodNotAllowed(verb);
    }
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      if (await faults.apply(req, res)) return;
      const url = new URL(req.url ?? "/", "https://apiserver.invalid");
      const path = url.pathname.replace(/\/+$/, "") || "/";
      const q = url.searchParams;
      if (path === "/version") return sendJson(res, 200, versionInfo(gitVersion));
      if (path === "/healthz" || path === "/livez" || path === "/readyz") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok");
        return;
      }
      const subject = authz.authenticate(req);
      if (!subject) throw errors.unauthorized();
      if (path === "/api" || path === "/apis") {
        const aggregated = negotiateDiscovery(req.headers.accept);
        if (aggregated) return serveAggregated(req, res, path === "/api", aggregated);
        return sendJson(res, 200, path === "/api" ? apiVersions(serverAddress) : apiGroupList(api.registry.list()));
      }
      if (path === "/openapi/v2") return serveOpenApiV2(req, res, gitVersion);
      if (path.startsWith("/openapi")) return serveOpenApi(api.registry.list(), path, q, res);
      const parts = path.split("/").filter(Boolean);
      if (parts[0] === "api" && parts.length === 2) {
        const list = apiResourceList(api.registry.list(), "", parts[1]!);
        if (!list) throw errors.pageNotFound();
        return sendJson(res, 200, list);
      }
      if (parts[0] === "apis" && parts.length === 2) {
        const g = apiGroup(api.registry.list(), parts[1]!);
        if (!g) throw errors.pageNotFound();
        return sendJson(res, 200, g);
      }
      if (parts[0] === "apis" && parts.length === 3) {
        const list = apiResourceList(api.registry.list(), parts[1]!, parts[2]!);
        if (!list) throw errors.pageNotFound();
        return sendJson(res, 200, list);
      }
      const r = route(path);
      if (!r) throw errors.pageNotFound();
      await handleResource(req, res, subject, r, q);
    } catch (e) {
      sendError(res, e);
    }
  };

  const server = await startHttpsServer({ ca: opts.ca, handler, hosts: ["kubernetes", "kubernetes.default", "kubernetes.default.svc"], clientCa: opts.ca.caPem });
  serverAddress = `127.0.0.1:${server.port}`;
  controllers.start();
  return {
    url: server.url,
    port: server.port,
    tokens: authz.tokens,
    api,
    async seed(objects) {
      for (const o of objects) api.seed(o);
      controllers.kick();
      await controllers.idle();
    },
    settle: () => controllers.idle(),
    async close() {
      controllers.stop();
      await server.close();
    },
  };
}
