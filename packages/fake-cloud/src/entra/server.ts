import type { IncomingMessage, ServerResponse } from "node:http";
import type { RunningService } from "../contracts.js";
import type { LatencySpec } from "../scenario/types.js";
import type { CertificateAuthority } from "../tls/ca.js";
import { startHttpsServer } from "../tls/https-server.js";
import { readBody, requestUrl, sendJson, sleep } from "../arm/http.js";
import type { AzureState } from "../arm/state.js";
import { AccessTokens } from "./access-tokens.js";
import { instanceDiscovery, tenantDiscovery, tenantDiscoveryV1 } from "./discovery.js";
import { EntraError, tenantNotFound } from "./errors.js";
import { fetchIssuerKeys } from "./issuer-keys.js";
import { tokenRequest } from "./token-endpoint.js";

export interface StartEntraOptions {
  ca: CertificateAuthority;
  state: AzureState;
  latency?: LatencySpec;
}

export interface EntraRequestRecord {
  method: string;
  path: string;
  status: number;
  /** The AADSTS code of an error answer. */
  errorCode?: number;
}

export interface FakeEntra extends RunningService {
  /** `https://127.0.0.1:PORT/`: what AZURE_AUTHORITY_HOST and @azure/identity's `authorityHost` take. */
  authorityHost: string;
  /** Issues and verifies this Entra ID's access tokens (the fake ARM's bearer check; tests mint stale ones). */
  tokens: AccessTokens;
  requests: EntraRequestRecord[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Tenants Entra ID answers for: any GUID (a directory wid has no identities in still exists, and
 * answers 700016 for unknown clients, as a wrong tenant id does in Azure) and the multi-tenant aliases.
 */
function knownTenant(tenant: string): boolean {
  return GUID.test(tenant) || ["common", "organizations", "consumers"].includes(tenant.toLowerCase());
}

export async function startEntra(opts: StartEntraOptions): Promise<FakeEntra> {
  const tokens = await AccessTokens.create();
  const requests: EntraRequestRecord[] = [];
  let authorityHost = "";

  const route = async (req: IncomingMessage, res: ServerResponse, record: EntraRequestRecord): Promise<void> => {
    const url = requestUrl(req);
    const segments = url.pathname.split("/").filter(Boolean);
    const tenant = decodeURIComponent(segments[0] ?? "");
    const rest = segments.slice(1).join("/");
    const correlationId = typeof req.headers["client-request-id"] === "string" ? req.headers["client-request-id"] : undefined;
    const fail = (err: EntraError): void => {
      record.errorCode = err.code;
      sendJson(res, err.status, err.body(correlationId, authorityHost));
    };

    if (req.method === "GET" && rest === "discovery/instance") {
      sendJson(res, 200, instanceDiscovery(authorityHost, url.searchParams.get("authorization_endpoint")?.split("/")[3] ?? "common"));
      return;
    }
    if (!knownTenant(tenant)) {
      fail(tenantNotFound(tenant));
      return;
    }
    if (req.method === "GET" && rest === "v2.0/.well-known/openid-configuration") {
      sendJson(res, 200, tenantDiscovery(authorityHost, tenant));
    } else if (req.method === "GET" && rest === ".well-known/openid-configuration") {
      sendJson(res, 200, tenantDiscoveryV1(authorityHost, tenant));
    } else if (req.method === "GET" && (rest === "discovery/v2.0/keys" || rest === "discovery/keys")) {
      sendJson(res, 200, tokens.jwks);
    } else if (req.method === "POST" && rest === "oauth2/v2.0/token") {
      const form = new URLSearchParams(await readBody(req));
      const result = await tokenRequest(tenant, form, {
        state: opts.state,
        tokens,
        fetchIssuerKeys: (issuer) => fetchIssuerKeys(issuer, opts.ca.caPem),
      });
      if (result instanceof EntraError) fail(result);
      else sendJson(res, 200, result, { "cache-control": "no-store, no-cache", pragma: "no-cache" });
    } else {
      sendJson(res, 404, { error: "not_found", error_description: `No endpoint at ${url.pathname}.` });
    }
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const record: EntraRequestRecord = { method: req.method ?? "GET", path: requestUrl(req).pathname, status: 0 };
    requests.push(record);
    await sleep(opts.latency?.entra ?? 0);
    try {
      await route(req, res, record);
    } finally {
      record.status = res.statusCode;
    }
  };

  const server = await startHttpsServer({ ca: opts.ca, handler });
  authorityHost = `${server.url}/`;
  return { url: server.url, authorityHost, tokens, requests, close: () => server.close() };
}
