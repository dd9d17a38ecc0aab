import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientSecretCredential } from "@azure/identity";
import { startAzureWorld, ORDERS, READER, TENANT, type AzureWorld } from "./helpers/azure-world.js";
import { mintServiceAccountToken } from "./helpers/sa-token.js";

let w: AzureWorld;
beforeAll(async () => {
  w = await startAzureWorld();
});
afterAll(async () => {
  await w?.close();
});

async function token(tenant: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${w.azure.authorityHost}${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const secretForm = (over: Record<string, string> = {}) => ({
  grant_type: "client_credentials",
  client_id: READER.clientId,
  client_secret: READER.clientSecret,
  scope: "https://management.azure.com/.default",
  ...over,
});

describe("Entra ID discovery", () => {
  it("serves the tenant's v2.0 OpenID configuration with endpoints on the fake host", async () => {
    const res = await fetch(`${w.azure.authorityHost}${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      token_endpoint: `${w.azure.authorityHost}${TENANT}/oauth2/v2.0/token`,
      issuer: `${w.azure.authorityHost}${TENANT}/v2.0`,
      jwks_uri: `${w.azure.authorityHost}${TENANT}/discovery/v2.0/keys`,
      id_token_signing_alg_values_supported: ["RS256"],
    });
  });

  it("answers AADSTS90002 for a tenant that is not a directory", async () => {
    const res = await fetch(`${w.azure.authorityHost}not-a-tenant.example/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_tenant", error_codes: [90002] });
  });
});

describe("Entra ID token endpoint", () => {
  it("issues a token for a principal's client secret, the way ClientSecretCredential asks", async () => {
    const t = await w.credential.getToken("https://management.azure.com/.default");
    expect(t.token.split(".")).toHaveLength(3);
    const ok = await token(TENANT, secretForm());
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
  });

  it("refuses a wrong secret with AADSTS7000215, surfaced by ClientSecretCredential", async () => {
    const bad = new ClientSecretCredential(TENANT, READER.clientId, "not-the-secret", { authorityHost: w.azure.authorityHost, disableInstanceDiscovery: true });
    await expect(bad.getToken("https://management.azure.com/.default")).rejects.toThrow(/AADSTS7000215/);
    const raw = await token(TENANT, secretForm({ client_secret: "nope" }));
    expect(raw.status).toBe(401);
    expect(raw.body).toMatchObject({ error: "invalid_client", error_codes: [7000215] });
    expect(String(raw.body["error_description"])).toMatch(/^AADSTS7000215: .* Trace ID: \S+ Correlation ID: \S+ Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  });

  it("requires a scope that ends in /.default for client credentials", async () => {
    const raw = await token(TENANT, secretForm({ scope: "https://vault.azure.net" }));
    expect(raw).toMatchObject({ status: 400, body: { error: "invalid_scope", error_codes: [1002012] } });
  });

  it("names the missing parameter", async () => {
    const raw = await token(TENANT, { grant_type: "client_credentials", scope: "https://management.azure.com/.default" });
    expect(raw).toMatchObject({ status: 400, body: { error: "invalid_request", error_codes: [900144] } });
    expect(String(raw.body["error_description"])).toContain("'client_id'");
  });

  it("rejects an assertion that is not a JWT", async () => {
    const raw = await token(TENANT, {
      grant_type: "client_credentials",
      client_id: ORDERS.clientId,
      scope: "https://management.azure.com/.default",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: "not-a-jwt",
    });
    expect(raw).toMatchObject({ status: 400, body: { error_codes: [50027] } });
  });

  it("echoes the client's request id as the correlation id", async () => {
    const res = await fetch(`${w.azure.authorityHost}${TENANT}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "client-request-id": "3f0e2b1a-aaaa-4bbb-8ccc-123456789abc" },
      body: new URLSearchParams(secretForm({ client_secret: "nope" })).toString(),
    });
    expect(((await res.json()) as Record<string, unknown>)["correlation_id"]).toBe("3f0e2b1a-aaaa-4bbb-8ccc-123456789abc");
  });

  it("accepts a federated assertion posted by hand, as curl in a pod would", async () => {
    const assertion = await mintServiceAccountToken(w.issuer, { namespace: "apps", serviceAccount: "orders" });
    const raw = await token(TENANT, {
      grant_type: "client_credentials",
      client_id: ORDERS.clientId,
      scope: "https://vault.azure.net/.default",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
    });
    expect(raw.status).toBe(200);
    const claims = JSON.parse(Buffer.from(String(raw.body["access_token"]).split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: "https://vault.azure.net", oid: ORDERS.principalId, appid: ORDERS.clientId, tid: TENANT });
  });
});
