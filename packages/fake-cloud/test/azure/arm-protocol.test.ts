import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzureWorld, ORDERS, RG, SUB, type AzureWorld } from "./helpers/azure-world.js";

let w: AzureWorld;
let armToken: string;
beforeAll(async () => {
  w = await startAzureWorld();
  armToken = (await w.credential.getToken("https://management.azure.com/.default"))!.token;
});
afterAll(async () => {
  await w?.close();
});

const identityPath = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${ORDERS.name}`;

async function call(path: string, init: { token?: string | null; method?: string; body?: string } = {}) {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? armToken : init.token;
  if (token !== null) headers["authorization"] = `Bearer ${token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${w.azure.armUrl}${path}`, { method: init.method ?? "GET", headers, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> | undefined };
}

describe("ARM protocol details", () => {
  it("serves an identity in the REST shape (properties not flattened)", async () => {
    const res = await call(`${identityPath}?api-version=2024-11-30`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: ORDERS.name, properties: { clientId: ORDERS.clientId, principalId: ORDERS.principalId } });
    expect(res.body).not.toHaveProperty("resourceGroup");
    expect(res.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("matches paths whatever the api-version, and ids case-insensitively", async () => {
    expect((await call(`${identityPath}?api-version=2018-11-30`)).status).toBe(200);
    expect((await call(`${identityPath.toLowerCase()}?api-version=2023-01-31`)).status).toBe(200);
  });

  it("requires an api-version", async () => {
    const res = await call(identityPath);
    expect(res).toMatchObject({ status: 400, body: { error: { code: "MissingApiVersionParameter" } } });
  });

  it("answers 401 with a Bearer challenge when the token is missing, forged or for another resource", async () => {
    const missing = await call(`${identityPath}?api-version=2024-11-30`, { token: null });
    expect(missing).toMatchObject({ status: 401, body: { error: { code: "AuthenticationFailed" } } });
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/", error="invalid_token"/);

    const [h, p] = armToken.split(".");
    const forged = await call(`${identityPath}?api-version=2024-11-30`, { token: `${h}.${p}.${Buffer.from("forged").toString("base64url")}` });
    expect(forged).toMatchObject({ status: 401, body: { error: { code: "InvalidAuthenticationToken" } } });

    const vaultToken = (await w.credential.getToken("https://vault.azure.net/.default"))!.token;
    const wrongAudience = await call(`${identityPath}?api-version=2024-11-30`, { token: vaultToken });
    expect(wrongAudience).toMatchObject({ status: 401, body: { error: { code: "InvalidAuthenticationTokenAudience" } } });
  });

  it("normalises a scope sent with a doubled leading slash", async () => {
    const res = await call(`//subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`principalId eq '${ORDERS.principalId}'`)}`);
    expect(res.status).toBe(200);
    expect(res.body?.["value"]).toHaveLength(1);
  });

  it("rejects a $filter listForScope does not support", async () => {
    const res = await call(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent("roleName eq 'Reader'")}`);
    expect(res).toMatchObject({ status: 400, body: { error: { code: "UnsupportedQuery" } } });
  });

  it("answers 404 SubscriptionNotFound for an unknown subscription and a plain 404 for unknown paths", async () => {
    const sub = await call(`/subscriptions/00000000-0000-4000-8000-000000000000/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2024-11-30`);
    expect(sub).toMatchObject({ status: 404, body: { error: { code: "SubscriptionNotFound" } } });
    expect((await call(`/nothing/here?api-version=1`)).status).toBe(404);
  });

  it("names a role assignment's missing property as the Authorization RP's deserializer does", async () => {
    const path = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/3f9c1b1e-0c55-4a51-9a6b-6f1f7f0e2d11?api-version=2022-04-01`;
    const definition = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
    const compact = await call(path, { method: "PUT", body: JSON.stringify({ properties: { roleDefinitionId: definition } }) });
    const end = JSON.stringify({ properties: { roleDefinitionId: definition } }).length - 1;
    expect(compact).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "InvalidRequestContent",
          message: `The content of your request was not valid, and the original object could not be deserialized. Exception message: 'Required property 'principalId' not found in JSON. Path 'properties', line 1, position ${end}.'`,
        },
      },
    });
    const pretty = await call(path, { method: "PUT", body: `{\n  "properties": {\n    "roleDefinitionId": "${definition}"\n  }\n}` });
    expect(pretty.body?.["error"].message).toMatch(/Path 'properties', line 4, position 3\.'$/);
  });

  it("answers 405 for a method a resource does not take", async () => {
    expect((await call(`${identityPath}?api-version=2024-11-30`, { method: "POST" })).status).toBe(405);
  });
});

describe("injected latency", () => {
  it("delays every ARM answer by the scenario's latency", async () => {
    const slow = await startAzureWorld({ ca: w.ca, latency: { arm: 400 } });
    try {
      const token = (await slow.credential.getToken("https://management.azure.com/.default"))!.token;
      const started = Date.now();
      const res = await fetch(`${slow.azure.armUrl}${identityPath}?api-version=2024-11-30`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    } finally {
      await slow.close();
    }
  });
});
