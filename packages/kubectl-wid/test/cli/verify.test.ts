import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBuiltCli, runCli, STACK_FRAME } from "../helpers/cli.js";
import { serveDemo, type ServedWorld } from "../helpers/served-world.js";

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;

interface VerifyJson {
  ok: boolean;
  serviceAccount: { namespace: string; name: string; clientId: string | null; tenantFrom: string | null };
  steps: { id: string; status: string }[];
  exchange: { ok: boolean; code?: number | null; message?: string } | null;
  explanation: { code: number; checks: string[]; notRun: string[] } | null;
  findings: { checkId: string; messageId: string }[];
}

// `pnpm wid demo --serve --save-env F` in one shell, `pnpm wid verify` in another.
describe("kubectl wid verify against the served default world", { timeout: 120_000 }, () => {
  let world: ServedWorld | undefined;
  let env: Record<string, string>;
  const verify = async (args: string[], over: Record<string, string> = {}) => runCli(["verify", ...args], { env: { ...env, ...over } });
  const verifyJson = async (args: string[], over: Record<string, string> = {}) => {
    const r = await verify([...args, "-o", "json"], over);
    return { ...r, json: JSON.parse(r.stdout) as VerifyJson };
  };

  beforeAll(async () => {
    world = await serveDemo();
    env = world.env;
  }, 60_000);
  afterAll(async () => {
    world?.stop();
    await removeBuiltCli();
  });

  it("proves a correct setup: the token is exchanged, and never printed", async () => {
    const r = await verify(["-n", "shop", "orders"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}ok +Entra ID exchange +an access token for /m);
    expect(r.stdout).not.toMatch(JWT);
    expect(r.stderr).toBe("");
    const j = await verifyJson(["-n", "shop", "orders"]);
    expect(j.json.ok).toBe(true);
    expect(j.json.steps.map((s) => `${s.id}:${s.status}`)).toEqual(["service-account:ok", "token:ok", "discovery:ok", "keys:ok", "exchange:ok"]);
    expect(j.stdout).not.toMatch(JWT);
  });

  it("names AADSTS70021 and the misspelled subject of shop/payments' credential", async () => {
    const r = await verify(["-n", "shop", "payments"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("AADSTS70021: no federated credential matches");
    expect(r.stdout).toMatch(/Explained by:\n\n {2}error +fic-subject-mismatch/);
    const j = await verifyJson(["-n", "shop", "payments"]);
    expect(j.json.exchange).toMatchObject({ ok: false, code: 70021 });
    expect(j.json.explanation).toMatchObject({ code: 70021, checks: ["fic-subject-mismatch"], notRun: [] });
  });

  it("names AADSTS70021 and the trailing slash of billing/invoices' credential", async () => {
    const j = await verifyJson(["-n", "billing", "invoices"]);
    expect(j.code).toBe(1);
    expect(j.json.explanation).toMatchObject({ code: 70021, checks: ["fic-issuer-mismatch"] });
  });

  it("names AADSTS700016 and the principal id written as client id of shop/catalog", async () => {
    const j = await verifyJson(["-n", "shop", "catalog"]);
    expect(j.json.explanation).toMatchObject({ code: 700016, checks: ["sa-client-id-is-principal-id"] });
  });

  it("without a client id there is nothing to exchange, and the chain's finding says why", async () => {
    const j = await verifyJson(["-n", "billing", "ledger"]);
    expect(j.code).toBe(1);
    expect(j.json.exchange).toBeNull();
    expect(j.json.steps.find((s) => s.id === "exchange")).toMatchObject({ status: "skipped" });
    expect(j.json.findings.map((f) => f.checkId)).toContain("sa-annotation-typo");
  });

  it("still names the code when Azure cannot be read, and says which checks could not explain it and why", async () => {
    const r = await verify(["-n", "shop", "payments"], { AZURE_CLIENT_SECRET: "wrong" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("AADSTS70021");
    expect(r.stdout).toMatch(/Could not check \(their findings might explain it\):\n {2}[a-z, -]*fic-subject-mismatch[a-z, -]*: Azure could not be read: signing in to Entra ID failed: AADSTS7000215/);
    expect(r.stdout + r.stderr).not.toContain("wrong");
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it("a ServiceAccount that does not exist is the user's mistake: exit 2, no stack", async () => {
    const r = await verify(["-n", "shop", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: ServiceAccount shop\/nope not found\nhint: kubectl get serviceaccounts -n shop/m);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it("an unknown context is named with the contexts there are", async () => {
    const r = await verify(["-n", "shop", "orders", "--context", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: no context "nope" in the kubeconfig');
  });

  it("a user who may not mint tokens is told so, and nothing is exchanged", async () => {
    const r = await verifyJson(["-n", "shop", "orders", "--context", "viewer@aks-shop-prod"]);
    expect(r.code).toBe(1);
    expect(r.json.steps.find((s) => s.id === "token")).toMatchObject({ status: "failed" });
    expect(r.json.exchange).toBeNull();
  });
});

describe("kubectl wid verify: the command line", () => {
  afterAll(async () => removeBuiltCli());

  it("--aks-cluster takes a resource id, and says what one looks like", async () => {
    const r = await runCli(["verify", "-n", "shop", "orders", "--aks-cluster", "aks-prod"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --aks-cluster aks-prod: not the resource id of an AKS cluster \(\/subscriptions\/SUB\/resourceGroups\/RG\/providers\/Microsoft\.ContainerService\/managedClusters\/NAME/);
  });

  it("needs the ServiceAccount's name", async () => {
    const r = await runCli(["verify", "-n", "shop"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: missing the SERVICE_ACCOUNT argument \(<service-account>\)\nhint: 'kubectl wid verify --help' shows the usage/);
  });
});
