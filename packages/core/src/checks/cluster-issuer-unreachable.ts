import type { ManagedCluster } from "../model/azure.js";
import type { IssuerEvidence } from "../model/runtime.js";
import type { ObjectRef } from "../model/kube.js";
import { azureRef } from "../engine/refs.js";
import { defineCheck } from "./types.js";

export const clusterIssuerUnreachable = defineCheck({
  meta: {
    id: "cluster-issuer-unreachable",
    severity: "error",
    data: ["R"],
    title: "The cluster's OIDC issuer cannot be reached or verified",
    condition: "issuer's `/.well-known/openid-configuration` or its `jwks_uri` not served, or keys do not verify a minted token",
    symptom: "AADSTS90061",
    description: `Entra ID validates a projected ServiceAccount token by fetching the cluster issuer's discovery
document (\`<issuer>/.well-known/openid-configuration\`) and the keys at its \`jwks_uri\`, then checking the
token's signature against them. When either cannot be fetched from the internet (a self-managed cluster
whose issuer is private, a storage account or bucket that hosts the documents but blocks anonymous reads,
a deleted static website), or the published keys no longer match the key that signs tokens (the signing
key was rotated but the JWKS was not republished), the exchange fails with AADSTS90061 or
AADSTS50166/AADSTS700027, for every workload of the cluster at once.

The check fetches both documents from where wid runs, mints a short-lived token for a ServiceAccount
through the TokenRequest API (as \`kubectl create token\` does) and verifies its signature against the served
keys. It also compares what the discovery document calls itself with the issuer URL, and the \`iss\` of the
minted token with it: each must be the same string, trailing slash included, or Entra ID finds no match.
A document wid cannot fetch may still be public (wid may run behind a proxy or firewall): check it from
outside with \`curl <issuer>/.well-known/openid-configuration\`.

Fix: on AKS, the issuer is hosted by Azure; enable it with \`az aks update --enable-oidc-issuer\` and
use the URL it reports. On a self-managed cluster, publish both documents at a public HTTPS URL equal to
the API server's \`--service-account-issuer\`, and republish the JWKS after every key rotation.`,
    messages: {
      discoveryFailed: "the OIDC issuer {issuer} does not serve its discovery document at {url}: {error}",
      discoveryIssuer: 'the discovery document at {url} names the issuer "{served}", not "{issuer}"{slash}',
      jwksFailed: "the key set of issuer {issuer} cannot be fetched from {url}: {error}",
      jwksEmpty: "the key set of issuer {issuer} at {url} holds no key",
      signature: "the keys issuer {issuer} serves do not verify a token the cluster signed: {error}",
      tokenIssuer: 'the cluster signs tokens as issuer "{iss}", not "{issuer}"{slash}',
    },
    needs: ["runtime.issuer"],
    fixable: false,
  },
  detect(ctx) {
    for (const e of ctx.snapshot.runtime.issuers) {
      const object = issuerRef(ctx.snapshot.azure.clusters, e);
      const issuer = e.issuer;
      const d = e.discovery;
      if (!d.ok) {
        ctx.report({ object, messageId: "discoveryFailed", data: { issuer, url: d.url, error: d.error }, evidence: { expected: "HTTP 200 with the discovery document", actual: d.status ?? d.error, url: d.url } });
        continue;
      }
      if (d.issuer !== issuer) {
        ctx.report({
          object,
          messageId: "discoveryIssuer",
          data: { url: d.url, served: d.issuer, issuer, slash: slashOnly(d.issuer, issuer) },
          evidence: { expected: issuer, actual: d.issuer, url: d.url },
        });
      }
      const j = e.jwks;
      if (j && !j.ok) {
        ctx.report({ object, messageId: "jwksFailed", data: { issuer, url: j.url, error: j.error }, evidence: { expected: "HTTP 200 with the key set", actual: j.status ?? j.error, url: j.url } });
        continue;
      }
      if (j && j.keyIds.length === 0) {
        ctx.report({ object, messageId: "jwksEmpty", data: { issuer, url: j.url }, evidence: { expected: "at least one signing key", actual: [], url: j.url } });
        continue;
      }
      const t = e.token;
      if (!t) continue;
      if (!t.verified) {
        ctx.report({
          object,
          messageId: "signature",
          data: { issuer, error: t.error ?? "the signature does not verify" },
          evidence: { expected: "a key of the served key set verifies the token", actual: t.error ?? "not verified", keyIds: j?.ok ? j.keyIds : [] },
        });
      }
      if (t.claims.iss !== issuer) {
        ctx.report({
          object,
          messageId: "tokenIssuer",
          data: { iss: t.claims.iss, issuer, slash: slashOnly(t.claims.iss, issuer) },
          evidence: { expected: issuer, actual: t.claims.iss },
        });
      }
    }
  },
});

/** The AKS cluster that states this issuer, or the issuer itself when no cluster does. */
function issuerRef(clusters: readonly ManagedCluster[], e: IssuerEvidence): ObjectRef {
  const cluster = clusters.find((c) => c.issuerUrl === e.issuer);
  return cluster ? azureRef("ManagedCluster", cluster) : { kind: "OIDCIssuer", name: e.issuer };
}

function slashOnly(a: string, b: string): string {
  return a !== b && a.replace(/\/+$/, "") === b.replace(/\/+$/, "") ? " (they differ by the trailing slash alone)" : "";
}
