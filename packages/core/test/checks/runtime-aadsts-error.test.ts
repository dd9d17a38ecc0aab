import { describe, expect, it } from "vitest";
import type { LogExcerpt } from "@wid/core";
import { runtimeAadstsError } from "../../src/checks/runtime-aadsts-error.js";
import { findings, runOne } from "../helpers/snapshot.js";
import { deploymentYaml, liveSnapshot, podYaml, serviceAccountYaml } from "../helpers/live.js";
import { aks, fic, identity, ISSUER } from "../azure/fixtures.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const USE = { "azure.workload.identity/use": "true" };
const payments = { ns: "shop", name: "payments", labels: USE };
const sa = serviceAccountYaml("shop", "payments", { "azure.workload.identity/client-id": CLIENT });
const pod = podYaml(payments, 0, { clientId: CLIENT, tenantId: TENANT });
const podName = (pod["metadata"] as { name: string }).name;
const JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJ4Iiwic3ViIjoieSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

function log(lines: string[], p = podName): LogExcerpt {
  return { namespace: "shop", pod: p, container: "app", owner: { kind: "Deployment", name: "payments" }, lines: lines.map((text, i) => ({ text, time: `2026-03-01T11:5${i}:00Z` })) };
}

const aadsts70021 = (issuer: string, subject: string, audience = "api://AzureADTokenExchange") =>
  `ERROR WorkloadIdentityCredential authentication failed. AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audience}'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation Trace ID: 2b1f6a2e-58f0-4c3c-9c15-3f6a1d0e7b00`;

const azure = (fics: Record<string, unknown>[]) => ({ "identities.json": [identity("id-payments", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": fics, "aks.json": aks("aks-prod") });

describe("runtime-aadsts-error", () => {
  it("diffs AADSTS70021's subject against the identity's credentials and names the near miss", () => {
    const f = findings(
      runtimeAadstsError,
      liveSnapshot({
        objects: [sa, deploymentYaml(payments), pod],
        logs: [log(["INFO starting", aadsts70021(ISSUER, "system:serviceaccount:shop:payments"), aadsts70021(ISSUER, "system:serviceaccount:shop:payments")])],
        azure: azure([fic("id-payments", "shop-payment", { subject: "system:serviceaccount:shop:payment" })]),
      }),
    );
    expect(f.map((x) => [x.checkId, x.messageId, `${x.object.kind} ${x.object.namespace}/${x.object.name}`, x.evidence["explainedBy"]])).toEqual([
      ["runtime-aadsts-error", "aadsts", "Deployment shop/payments", "fic-subject-mismatch"],
    ]);
    expect(f[0]!.evidence).toMatchObject({ code: "AADSTS70021", occurrences: 2, clientId: CLIENT, assertion: { issuer: ISSUER, subject: "system:serviceaccount:shop:payments", audience: "api://AzureADTokenExchange" } });
    expect(f[0]!.message).toContain("shop-payment");
  });

  it("tells a trailing slash, a missing audience and a missing credential apart", () => {
    const run = (fics: Record<string, unknown>[], line: string) =>
      findings(runtimeAadstsError, liveSnapshot({ objects: [sa, deploymentYaml(payments), pod], logs: [log([line])], azure: azure(fics) }))[0]!.evidence["explainedBy"];
    const subject = "system:serviceaccount:shop:payments";
    expect(run([fic("id-payments", "p", { subject, issuer: ISSUER.slice(0, -1) })], aadsts70021(ISSUER, subject))).toBe("fic-issuer-mismatch");
    expect(run([fic("id-payments", "p", { subject, audiences: ["api://other"] })], aadsts70021(ISSUER, subject))).toBe("fic-audience-invalid");
    expect(run([fic("id-payments", "other", { subject: "system:serviceaccount:batch:worker" })], aadsts70021(ISSUER, subject))).toBe("fic-missing");
  });

  it("links AADSTS700016 to the client id mistake, 90061 to the issuer with the URL it quotes, and explains 700024", () => {
    const principalSa = serviceAccountYaml("shop", "payments", { "azure.workload.identity/client-id": PRINCIPAL });
    const wrongPod = podYaml(payments, 0, { clientId: PRINCIPAL, tenantId: TENANT });
    const f = findings(
      runtimeAadstsError,
      liveSnapshot({
        objects: [principalSa, deploymentYaml(payments), wrongPod],
        logs: [
          log(
            [
              `AADSTS700016: Application with identifier '${PRINCIPAL}' was not found in the directory '${TENANT}'.`,
              "AADSTS90061: Request to External OIDC endpoint failed. url=https://oidc.example.net/issuer/.well-known/openid-configuration",
              "AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-03-01T11:00:00.0000000Z, assertion valid from 2026-03-01T09:00:00.0000000Z, expiry time of assertion 2026-03-01T10:00:00.0000000Z.",
            ],
            (wrongPod["metadata"] as { name: string }).name,
          ),
        ],
        azure: azure([]),
      }),
    );
    expect(f.map((x) => [x.evidence["code"], x.evidence["explainedBy"] ?? null])).toEqual([
      ["AADSTS700016", "sa-client-id-is-principal-id"],
      ["AADSTS90061", "cluster-issuer-unreachable"],
      ["AADSTS700024", null],
    ]);
    expect(f[1]!.evidence["issuerUrl"]).toBe("https://oidc.example.net/issuer/.well-known/openid-configuration");
    expect(f[2]!.message).toMatch(/@azure\/identity \(JavaScript\) 3\.2\.0\+/);
  });

  it("reports an SDK using IMDS in a workload identity pod, and why: an unlabelled pod, or the application's own choice", () => {
    const cart = { ns: "shop", name: "cart" };
    const cartSa = serviceAccountYaml("shop", "cart", { "azure.workload.identity/client-id": CLIENT });
    const cartPod = podYaml(cart, 0, { unmutated: true });
    const imds = "ERROR ManagedIdentityCredential authentication failed. The requested identity has not been assigned to this resource.";
    const unlabelled = findings(runtimeAadstsError, liveSnapshot({ objects: [cartSa, deploymentYaml(cart), cartPod], logs: [{ ...log([imds], (cartPod["metadata"] as { name: string }).name), owner: { kind: "Deployment", name: "cart" } }] }));
    expect(unlabelled.map((x) => [x.messageId, x.object.name, x.evidence["explainedBy"]])).toEqual([["managedIdentity", "cart", "pod-label-missing"]]);
    const own = findings(runtimeAadstsError, liveSnapshot({ objects: [sa, deploymentYaml(payments), pod], logs: [log(["GET http://169.254.169.254/metadata/identity/oauth2/token?resource=https://vault.azure.net failed: 400"])] }));
    expect(own.map((x) => [x.messageId, x.evidence["explainedBy"] ?? null])).toEqual([["managedIdentity", null]]);
    expect(own[0]!.message).toContain("WorkloadIdentityCredential");
  });

  it("quotes lines with tokens masked, and reads AADSTS codes from events too", () => {
    const f = findings(
      runtimeAadstsError,
      liveSnapshot({
        objects: [sa, deploymentYaml(payments), pod],
        logs: [log([`AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal to 1.01:00:00. assertion=${JWT}`])],
        events: [{ involvedObject: { kind: "Pod", name: podName, namespace: "shop" }, reason: "FailedMount", message: "MountVolume.SetUp failed for volume \"secrets\" : rpc error: code = Unknown desc = AADSTS700016: Application with identifier 'x' was not found" }],
      }),
    );
    expect(f.map((x) => [x.evidence["code"], x.evidence["explainedBy"]])).toEqual([
      ["AADSTS70023", "pod-default-token-used"],
      ["AADSTS700016", "sa-client-id-unknown"],
    ]);
    expect(JSON.stringify(f)).not.toContain(JWT);
  });

  it("passes logs without identity errors, and is not run without logs", () => {
    expect(findings(runtimeAadstsError, liveSnapshot({ objects: [sa, deploymentYaml(payments), pod], logs: [log(["INFO read secret db-password from kv-shop-prod", "WARN slow request 1200ms"])] }))).toEqual([]);
    expect(runOne(runtimeAadstsError, liveSnapshot({ objects: [], without: ["runtime.logs"] })).notRun.map((n) => n.checkId)).toEqual(["runtime-aadsts-error"]);
  });
});
