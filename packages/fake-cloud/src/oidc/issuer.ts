import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { RunningIssuer, StartIssuer, StartIssuerOptions } from "../contracts.js";
import type { IssuerFaults } from "../scenario/types.js";
import { startHttpsServer } from "../tls/https-server.js";
import { requestUrl, sendJson, sleep } from "../arm/http.js";
import { discoveryDocument, underIssuer } from "./documents.js";
import { signRs256 } from "./jws.js";
import { generateSigningKey, type SigningKey } from "./keys.js";

/** What tokens carry when the AKS OIDC issuer is disabled: the in-cluster default issuer. */
export const IN_CLUSTER_ISSUER = "https://kubernetes.default.svc.cluster.local";

export interface FakeIssuer extends RunningIssuer {
  /** The key ids the JWKS lists now. */
  publishedKids(): string[];
  /** The key id tokens are signed with now. */
  signingKid(): string;
  /** Switches faults while running (tests that break a working issuer). */
  setFaults(faults: IssuerFaults): void;
  /** A new signing key, published next to the current ones (as a kube-apiserver rotates), or alone. */
  rotateKeys(opts?: { keepOld?: boolean }): Promise<void>;
}

export async function startIssuer(opts: StartIssuerOptions): Promise<FakeIssuer> {
  const { spec } = opts;
  let faults: IssuerFaults = { ...spec.faults };
  let signing: SigningKey = await generateSigningKey();
  let published: SigningKey[] = [signing];
  // A key the JWKS never lists; it signs while `rotatedKeys` is set, as if the issuer had moved on
  // to keys that the tokens' signer no longer holds.
  const stale = await generateSigningKey();

  const basePath = `/${spec.path.replace(/^\/+|\/+$/g, "")}`.replace(/^\/$/, "");
  const discoveryPath = `${basePath}/.well-known/openid-configuration`;
  const jwksPath = `${basePath}/openid/v1/jwks`;
  let issuer = IN_CLUSTER_ISSUER;

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await sleep(opts.latency?.issuer ?? 0);
    if (faults.unreachable) {
      // A keep-alive connection opened before the fault was switched on.
      req.socket.destroy();
      return;
    }
    const path = requestUrl(req).pathname;
    if (!spec.enabled || (req.method !== "GET" && req.method !== "HEAD")) {
      sendJson(res, spec.enabled ? 405 : 404, { error: spec.enabled ? "MethodNotAllowed" : "NotFound" });
      return;
    }
    if (path === discoveryPath) {
      sendJson(res, 200, discoveryDocument(issuer), { "cache-control": "public, max-age=3600" });
    } else if (path === jwksPath) {
      sendJson(res, 200, { keys: published.map((k) => k.publicJwk) }, { "cache-control": "public, max-age=3600" });
    } else {
      sendJson(res, 404, { error: "NotFound" });
    }
  };

  const server = await startHttpsServer({ ca: opts.ca, handler });
  // Drop connections before the TLS handshake: to a client this looks like a host it cannot reach.
  server.server.prependListener("connection", (socket: Socket) => {
    if (faults.unreachable) socket.destroy();
  });
  if (spec.enabled) issuer = `${server.url}${basePath}${spec.trailingSlash ? "/" : ""}`;

  return {
    url: server.url,
    issuer,
    jwksUri: underIssuer(issuer, "openid/v1/jwks"),
    close: () => server.close(),
    async signServiceAccountToken(claims) {
      const key = faults.rotatedKeys ? stale : signing;
      return signRs256({ alg: "RS256", kid: key.kid }, claims, key.privateKey);
    },
    publishedKids: () => published.map((k) => k.kid),
    signingKid: () => (faults.rotatedKeys ? stale.kid : signing.kid),
    setFaults(next) {
      faults = { ...next };
    },
    async rotateKeys(rotation = {}) {
      const fresh = await generateSigningKey();
      published = rotation.keepOld ? [...published, fresh] : [fresh];
      signing = fresh;
    },
  };
}

// The world starts the issuer through the shared contract; this keeps the two from drifting apart.
startIssuer satisfies StartIssuer;
