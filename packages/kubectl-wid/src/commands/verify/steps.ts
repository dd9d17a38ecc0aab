import { describeGap, type IssuerEvidence } from "@wid/core";
import type { VerifyOutcome } from "@wid/core/sources/live-verify";

/** One line of verify's report. */
export interface VerifyStep {
  id: "service-account" | "token" | "discovery" | "keys" | "exchange";
  title: string;
  status: "ok" | "failed" | "skipped";
  detail: string;
}

const TENANT_FROM = { annotation: "its tenant-id annotation", webhook: "the webhook's default tenant", identity: "the identity's tenant", environment: "AZURE_TENANT_ID" } as const;

/** The steps of a verification, in the order a workload's sign-in goes through them. */
export function verifySteps(o: VerifyOutcome): VerifyStep[] {
  const steps: VerifyStep[] = [];
  steps.push(
    o.clientId
      ? {
          id: "service-account",
          title: "ServiceAccount",
          status: o.tenant ? "ok" : "failed",
          detail: `client id ${o.clientId}, ${o.tenant ? `tenant ${o.tenant.id} (from ${TENANT_FROM[o.tenant.from]})` : "no tenant: annotate azure.workload.identity/tenant-id or set the webhook's AZURE_TENANT_ID"}`,
        }
      : { id: "service-account", title: "ServiceAccount", status: "failed", detail: "no azure.workload.identity/client-id annotation: the webhook injects no identity" },
  );
  if (o.token.ok) {
    const c = o.token.claims;
    steps.push({ id: "token", title: "token", status: "ok", detail: `minted through TokenRequest: iss ${c.iss}, sub ${c.sub}, aud ${c.aud.join(",")}, valid ${Math.round((c.exp - c.iat) / 60)} min` });
  } else {
    steps.push({ id: "token", title: "token", status: "failed", detail: describeGap("runtime.issuer", o.token.gap) });
  }
  steps.push(...issuerSteps(o.issuer));
  const e = o.exchange;
  if (!e) steps.push({ id: "exchange", title: "Entra ID exchange", status: "skipped", detail: "needs a client id, a tenant and a token" });
  else if (e.ok) steps.push({ id: "exchange", title: "Entra ID exchange", status: "ok", detail: `an access token for ${e.scope}, valid until ${new Date(e.expiresOn).toISOString()}` });
  else steps.push({ id: "exchange", title: "Entra ID exchange", status: "failed", detail: e.message });
  return steps;
}

function issuerSteps(e: IssuerEvidence | undefined): VerifyStep[] {
  if (!e) return [{ id: "discovery", title: "issuer", status: "skipped", detail: "no issuer known: AKS was not read and no token was minted" }];
  const d = e.discovery;
  if (!d.ok) return [{ id: "discovery", title: "issuer discovery", status: "failed", detail: `${d.url}: ${d.error}` }];
  const same = d.issuer === e.issuer;
  const steps: VerifyStep[] = [{ id: "discovery", title: "issuer discovery", status: same ? "ok" : "failed", detail: same ? d.url : `${d.url} names the issuer "${d.issuer}", not "${e.issuer}"` }];
  const j = e.jwks;
  if (!j) return steps;
  if (!j.ok) return [...steps, { id: "keys", title: "issuer keys", status: "failed", detail: `${j.url}: ${j.error}` }];
  const t = e.token;
  const verified = t ? (t.verified ? "; they verify the token's signature" : `; ${t.error ?? "they do not verify the token"}`) : "";
  return [...steps, { id: "keys", title: "issuer keys", status: t && !t.verified ? "failed" : "ok", detail: `${j.keyIds.length} key${j.keyIds.length === 1 ? "" : "s"} at ${j.url}${verified}` }];
}
