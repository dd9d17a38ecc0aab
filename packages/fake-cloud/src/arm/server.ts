import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RunningService } from "../contracts.js";
import type { AzureFaults, LatencySpec } from "../scenario/types.js";
import type { CertificateAuthority } from "../tls/ca.js";
import { startHttpsServer } from "../tls/https-server.js";
import { authenticate, type AccessTokenVerifier, type Caller } from "./auth.js";
import { ArmContext, type Route } from "./context.js";
import { ArmError, methodNotAllowed, missingApiVersion, noRoute, serverError, subscriptionThrottled } from "./errors.js";
import { accessOf, ArmFaults } from "./faults.js";
import { requestUrl, sendJson, sleep } from "./http.js";
import { normaliseId, subscriptionOf } from "./ids.js";
import { authorizationRoutes } from "./routes/authorization.js";
import { containerRoutes } from "./routes/containers.js";
import { identityRoutes } from "./routes/identities.js";
import type { AzureState } from "./state.js";

export interface StartArmOptions {
  ca: CertificateAuthority;
  state: AzureState;
  /** Verifies the bearer tokens the fake Entra ID issued. */
  tokens: AccessTokenVerifier;
  faults?: AzureFaults;
  latency?: LatencySpec;
  /** Items per list page before a `nextLink`; 100 when omitted. */
  pageSize?: number;
  /** How long a federated credential write holds its identity; concurrent writes meanwhile get 409. 200 ms when omitted. */
  ficWriteMs?: number;
  /** Named in the `WWW-Authenticate` challenge of 401 answers. */
  authorityHost?: string;
}

export interface ArmRequestRecord {
  method: string;
  path: string;
  status: number;
  caller?: string;
}

export interface FakeArm extends RunningService {
  state: AzureState;
  /** Every request served, in order (tests assert retries and paging from it). */
  requests: ArmRequestRecord[];
}

// Extension resources (role assignments, definitions) first: their scope may itself contain any other route's path.
const ROUTES: Route[] = [...authorizationRoutes, ...identityRoutes, ...containerRoutes];

function findRoute(path: string, method: string): { route: Route; params: Record<string, string> } | ArmError {
  let methodMismatch = false;
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (!route.methods.includes(method)) {
      methodMismatch = true;
      continue;
    }
    return { route, params: Object.fromEntries(Object.entries(m.groups ?? {}).filter((e): e is [string, string] => e[1] !== undefined)) };
  }
  return methodMismatch ? methodNotAllowed(method) : noRoute(path);
}

export async function startArm(opts: StartArmOptions): Promise<FakeArm> {
  const faults = new ArmFaults(opts.faults);
  const requests: ArmRequestRecord[] = [];
  let ownUrl = "";

  const serve = async (req: IncomingMessage, res: ServerResponse, record: ArmRequestRecord): Promise<void> => {
    await sleep(opts.latency?.arm ?? 0);
    const url = requestUrl(req);
    const path = normaliseId(url.pathname);
    const method = req.method ?? "GET";
    if (![...url.searchParams.keys()].some((k) => k.toLowerCase() === "api-version")) throw missingApiVersion();
    const caller: Caller = authenticate(req, {
      verifier: opts.tokens,
      ownUrl,
      tenantId: opts.state.tenantId,
      authorityHost: opts.authorityHost ?? "https://login.windows.net/",
    });
    record.caller = caller.objectId;
    const retryAfter = faults.throttle(path);
    if (retryAfter !== undefined) {
      throw subscriptionThrottled(subscriptionOf(path) ?? opts.state.subscriptionId, caller.objectId, accessOf(method), retryAfter);
    }
    const failWith = faults.serverError(path);
    if (failWith !== undefined) throw serverError(failWith, subscriptionOf(path) ?? opts.state.subscriptionId, String(res.getHeader("x-ms-correlation-request-id")));
    const found = findRoute(path, method);
    if (found instanceof ArmError) throw found;
    const ctx = new ArmContext(req, res, url, path, caller, opts.state, faults, {
      ownUrl,
      pageSize: opts.pageSize ?? 100,
      ficWriteMs: opts.ficWriteMs ?? 200,
    });
    await found.route.handle(ctx, found.params);
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const record: ArmRequestRecord = { method: req.method ?? "GET", path: req.url ?? "/", status: 0 };
    requests.push(record);
    const requestId = randomUUID();
    res.setHeader("x-ms-request-id", requestId);
    res.setHeader("x-ms-correlation-request-id", String(req.headers["x-ms-correlation-request-id"] ?? requestId));
    try {
      await serve(req, res, record);
    } catch (err) {
      if (!(err instanceof ArmError)) throw err;
      sendJson(res, err.status, err.body(), err.headers);
    } finally {
      record.status = res.statusCode;
    }
  };

  const server = await startHttpsServer({ ca: opts.ca, handler });
  ownUrl = server.url;
  return { url: server.url, close: () => server.close(), state: opts.state, requests };
}
