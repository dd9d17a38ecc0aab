import { aadstsMeaning, describeGap, runChecks, type Finding } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import type { VerifyOutcome } from "@wid/core/sources/live-verify";

/** One step of a workload's sign-in, as a verification went through it. */
export interface VerificationStep {
  title: string;
  status: "ok" | "failed" | "skipped";
  detail: string;
}

export interface Judgement {
  steps: VerificationStep[];
  /** The token exchange worked: the ServiceAccount's workload identity gets Entra ID tokens. */
  works: boolean;
  /** The AADSTS code Entra ID refused the exchange with, and what it means. */
  code: number | undefined;
  meaning: string | undefined;
  /** Findings of the chain that explain the refusal, then the others. */
  explaining: Finding[];
  others: Finding[];
}

const TENANT_FROM = { annotation: "its tenant-id annotation", webhook: "the webhook's default tenant", identity: "the identity's tenant", environment: "AZURE_TENANT_ID" } as const;

function steps(o: VerifyOutcome): VerificationStep[] {
  const out: VerificationStep[] = [];
  out.push(
    o.clientId
      ? { title: "ServiceAccount", status: o.tenant ? "ok" : "failed", detail: `client id ${o.clientId}, ${o.tenant ? `tenant ${o.tenant.id} (from ${TENANT_FROM[o.tenant.from]})` : "no tenant: annotate azure.workload.identity/tenant-id, or set the webhook's AZURE_TENANT_ID"}` }
      : { title: "ServiceAccount", status: "failed", detail: "no azure.workload.identity/client-id annotation: the webhook injects no identity" },
  );
  out.push(o.token.ok ? { title: "token", status: "ok", detail: `minted through TokenRequest for ${o.token.claims.sub}, issuer ${o.token.claims.iss}` } : { title: "token", status: "failed", detail: describeGap("runtime.issuer", o.token.gap) });
  const d = o.issuer?.discovery;
  if (!o.issuer || !d) out.push({ title: "issuer", status: "skipped", detail: "no issuer known: AKS was not read and no token was minted" });
  else if (!d.ok) out.push({ title: "issuer", status: "failed", detail: `${d.url}: ${d.error}` });
  else out.push({ title: "issuer", status: d.issuer === o.issuer.issuer ? "ok" : "failed", detail: d.issuer === o.issuer.issuer ? d.url : `${d.url} names the issuer "${d.issuer}", not "${o.issuer.issuer}"` });
  const e = o.exchange;
  if (!e) out.push({ title: "Entra ID exchange", status: "skipped", detail: "needs a client id, a tenant and a token" });
  else if (e.ok) out.push({ title: "Entra ID exchange", status: "ok", detail: `an access token for ${e.scope} (not shown)` });
  else out.push({ title: "Entra ID exchange", status: "failed", detail: e.message });
  return out;
}

/** What a verification found: its steps, the refusal's code and meaning, and the findings of the chain that explain it. */
export function judgeVerification(o: VerifyOutcome): Judgement {
  const report = runChecks(o.snapshot, allChecks);
  // the stand-in pod is wid's, not the user's: findings about it are not shown
  const findings = report.findings.filter((f) => !(f.object.kind === "Pod" && f.object.name === o.standInPod));
  const code = o.exchange && !o.exchange.ok ? o.exchange.code : undefined;
  const meaning = code === undefined ? undefined : aadstsMeaning(code);
  const explainers = new Set(meaning?.checks ?? []);
  return {
    steps: steps(o),
    works: o.exchange?.ok === true,
    code,
    meaning: meaning?.meaning,
    explaining: findings.filter((f) => explainers.has(f.checkId)),
    others: findings.filter((f) => !explainers.has(f.checkId)),
  };
}
