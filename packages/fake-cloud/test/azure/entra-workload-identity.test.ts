import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkloadIdentityCredential } from "@azure/identity";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { startAzureWorld, identityId, ORDERS, OTHER_TENANT, PAYMENTS, RG, SUB, TENANT, type AzureWorld } from "./helpers/azure-world.js";
import { mintServiceAccountToken, type SaTokenOptions } from "./helpers/sa-token.js";

let w: AzureWorld;
let dir: string;
let files = 0;

beforeAll(async () => {
  w = await startAzureWorld();
  dir = await mkdtemp(join(tmpdir(), "wid-wi-"));
});
afterAll(async () => {
  await w?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A projected token file as the webhook mounts it, and a credential reading it as a pod's SDK does. */
async function credentialFor(token: string, o: { clientId?: string; tenantId?: string } = {}): Promise<WorkloadIdentityCredential> {
  const tokenFilePath = join(dir, `azure-identity-token-${files++}`);
  await writeFile(tokenFilePath, token);
  return new WorkloadIdentityCredential({
    tenantId: o.tenantId ?? TENANT,
    clientId: o.clientId ?? ORDERS.clientId,
    tokenFilePath,
    authorityHost: w.azure.authorityHost,
    disableInstanceDiscovery: true,
  });
}

async function exchange(tokenOptions: SaTokenOptions = {}, o: { clientId?: string; tenantId?: string } = {}) {
  const cred = await credentialFor(await mintServiceAccountToken(w.issuer, { namespace: "apps", serviceAccount: "orders", ...tokenOptions }), o);
  return cred.getToken(`${w.azure.armUrl}/.default`);
}

async function exchangeError(tokenOptions: SaTokenOptions = {}, o: { clientId?: string; tenantId?: string } = {}): Promise<Error> {
  try {
    await exchange(tokenOptions, o);
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the token exchange to fail");
}

function lastEntraError(): number | undefined {
  return w.azure.entra.requests.filter((r) => r.path.endsWith("/oauth2/v2.0/token")).at(-1)?.errorCode;
}

describe("WorkloadIdentityCredential against the fake Entra ID", () => {
  it("exchanges a service account token for an access token that the fake ARM accepts", async () => {
    const token = await exchange();
    expect(token.token.split(".")).toHaveLength(3);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now());

    const tokenFilePath = join(dir, "orders-token");
    await writeFile(tokenFilePath, await mintServiceAccountToken(w.issuer, { namespace: "apps", serviceAccount: "orders" }));
    const cred = new WorkloadIdentityCredential({ tenantId: TENANT, clientId: ORDERS.clientId, tokenFilePath, authorityHost: w.azure.authorityHost, disableInstanceDiscovery: true });
    const msi = new ManagedServiceIdentityClient(cred, SUB, { endpoint: w.azure.armUrl, $host: w.azure.armUrl });
    const me = await msi.userAssignedIdentities.get(RG, ORDERS.name);
    expect(me.clientId).toBe(ORDERS.clientId);
    expect(w.azure.arm.requests.at(-1)).toMatchObject({ status: 200, caller: ORDERS.principalId });
  });

  it("AADSTS70021 when no credential matches the subject, naming issuer, subject and audience", async () => {
    const err = await exchangeError({ serviceAccount: "orders-v2" });
    expect(err.message).toContain("AADSTS70021");
    expect(err.message).toContain(`Assertion Issuer: '${w.issuer.issuer}'`);
    expect(err.message).toContain("Assertion Subject: 'system:serviceaccount:apps:orders-v2'");
    expect(err.message).toContain("Assertion Audience: 'api://AzureADTokenExchange'");
    expect(lastEntraError()).toBe(70021);
  });

  it("AADSTS70021 when the credential's issuer differs by its trailing slash alone", async () => {
    const fic = w.azure.state.federatedCredential(`${identityId(ORDERS.name)}/federatedIdentityCredentials/aks-apps-orders`)!;
    w.azure.state.putFederatedCredential({ ...fic, issuer: fic.issuer.replace(/\/$/, "") });
    try {
      const err = await exchangeError();
      expect(err.message).toContain("AADSTS70021");
    } finally {
      w.azure.state.putFederatedCredential(fic);
    }
  });

  it("AADSTS70021 when the token's audience is not one the credential lists", async () => {
    const err = await exchangeError({ audience: ["https://aks-prod-dns.hcp.eastus.azmk8s.io"] });
    expect(err.message).toContain("AADSTS70021");
    expect(err.message).toContain("Assertion Audience: 'https://aks-prod-dns.hcp.eastus.azmk8s.io'");
  });

  it("AADSTS700016 for a client id no identity has (a principal id, say)", async () => {
    const err = await exchangeError({}, { clientId: ORDERS.principalId });
    expect(err.message).toContain("AADSTS700016");
    expect(err.message).toContain(`Application with identifier '${ORDERS.principalId}' was not found in the directory '${TENANT}'`);
  });

  it("AADSTS700016 when the identity lives in another tenant than the one asked", async () => {
    const err = await exchangeError({}, { tenantId: OTHER_TENANT });
    expect(err.message).toContain("AADSTS700016");
    expect(lastEntraError()).toBe(700016);
  });

  it("AADSTS700024 for an expired token (an app that keeps an old token file)", async () => {
    const err = await exchangeError({ issuedOffset: -7200, expiresIn: 3600 });
    expect(err.message).toContain("AADSTS700024");
    expect(err.message).toContain("Client assertion is not within its valid time range");
  });

  it("AADSTS70023 for a token that lives longer than a day and an hour (the default service account token)", async () => {
    const err = await exchangeError({ expiresIn: 365 * 24 * 3600 });
    expect(err.message).toContain("AADSTS70023");
    expect(lastEntraError()).toBe(70023);
  });

  it("AADSTS90061 when the issuer cannot be reached", async () => {
    w.issuer.setFaults({ unreachable: true });
    try {
      const err = await exchangeError();
      expect(err.message).toContain("AADSTS90061");
    } finally {
      w.issuer.setFaults({});
    }
  });

  it("fails signature validation when the issuer's JWKS lacks the signing key", async () => {
    w.issuer.setFaults({ rotatedKeys: true });
    try {
      const err = await exchangeError();
      expect(err.message).toContain("AADSTS7000272");
      expect(err.message).toContain(w.issuer.signingKid());
    } finally {
      w.issuer.setFaults({});
    }
  });

  it("sees a credential created through ARM on the next exchange", async () => {
    expect((await exchangeError({ serviceAccount: "billing" }, { clientId: PAYMENTS.clientId })).message).toContain("AADSTS70021");
    const msi = new ManagedServiceIdentityClient(w.credential, SUB, { endpoint: w.azure.armUrl, $host: w.azure.armUrl });
    await msi.federatedIdentityCredentials.createOrUpdate(RG, PAYMENTS.name, "aks-apps-billing", {
      issuer: w.issuer.issuer,
      subject: "system:serviceaccount:apps:billing",
      audiences: ["api://AzureADTokenExchange"],
    });
    await expect(exchange({ serviceAccount: "billing" }, { clientId: PAYMENTS.clientId })).resolves.toHaveProperty("token");
  });
});
