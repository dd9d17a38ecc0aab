import { describe, expect, it } from "vitest";
import { holdsSecret, redactDeep, redactText } from "@wid/core";

/** Each kind of secret users paste into manifests, in the shapes the services issue them. */
export const SECRETS = {
  jwt: "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL29pZGMiLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cHJvZDphcHAifQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU",
  clientSecret: "Xq48Q~Zr3vKp0LmN8sTd2yWbHc5JfGe7uAoQiE9x",
  storageConnection: "DefaultEndpointsProtocol=https;AccountName=stshop;AccountKey=bXlTdXBlclNlY3JldEtleUZvclN0b3JhZ2VBY2NvdW50MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net",
  serviceBusConnection: "Endpoint=sb://sb-shop.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=",
  sqlConnection: "Server=tcp:sql-shop.database.windows.net,1433;Database=shop;User ID=app;Password=Tr0ub4dor&3horse;Encrypt=true",
  sasUrl: "https://stshop.blob.core.windows.net/media?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T00:00:00Z&sig=QW5vdGhlclNlY3JldFNpZ25hdHVyZTEyMzQ1Njc4OTA%3D",
  urlCredentials: "amqps://shop-user:p4ssw0rd-Secret@broker.example.net:5671/vhost",
  bearer: "Bearer dGhpc0lzQVZlcnlTZWNyZXRCZWFyZXJUb2tlbjEyMzQ1",
  privateKey: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----",
  apiKey: "k1Lq2Xz9Wm3Np8Rt4Vy7Ab6Cd5Ef0GhIjKlMnOpQr",
} as const;

/** The part of each secret that must never be printed: what follows the prefix a mask keeps. */
export function secretCores(): string[] {
  return [
    SECRETS.jwt.split(".")[1]!,
    SECRETS.clientSecret.slice(6),
    "bXlTdXBlclNlY3JldEtleUZvclN0b3JhZ2VB",
    "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5",
    "ub4dor&3horse",
    "QW5vdGhlclNlY3JldFNpZ25hdHVyZTEy",
    "p4ssw0rd-Secret",
    "QVZlcnlTZWNyZXRCZWFyZXJUb2tlbjEy",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
    "Xz9Wm3Np8Rt4Vy7Ab6Cd5Ef0GhIjKlMnOpQr",
  ];
}

describe("redactText", () => {
  it("masks every kind of secret, keeping a short prefix and the length", () => {
    for (const [kind, secret] of Object.entries(SECRETS)) {
      const out = redactText(`value: ${secret}`);
      expect(out, kind).toMatch(/<redacted, \d+ chars>/);
      for (const core of secretCores()) expect(out, kind).not.toContain(core);
    }
    expect(redactText(SECRETS.jwt)).toBe(`eyJhbG…<redacted, ${SECRETS.jwt.length} chars>`);
  });

  it("keeps the readable parts of a connection string or URL around the secret", () => {
    expect(redactText(SECRETS.storageConnection)).toMatch(/^DefaultEndpointsProtocol=https;AccountName=stshop;AccountKey=bXlT…<redacted, 60 chars>;EndpointSuffix=core\.windows\.net$/);
    expect(redactText(SECRETS.urlCredentials)).toBe("amqps://shop-user:…<redacted, 15 chars>@broker.example.net:5671/vhost");
    expect(redactText(SECRETS.sasUrl)).toMatch(/^https:\/\/stshop\.blob\.core\.windows\.net\/media\?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T00:00:00Z&sig=…<redacted, \d+ chars>$/);
  });

  it("leaves names, GUIDs, resource ids, paths, URLs and digests alone", () => {
    const kept = [
      "11111111-2222-3333-4444-555555555555",
      "6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B",
      "/var/run/secrets/azure/tokens/azure-identity-token",
      "/subscriptions/1543076c-8ffa-403e-94d0-175d8677bdb6/resourceGroups/rg-shop1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app1",
      "Microsoft.ManagedIdentity/userAssignedIdentities/id-app1",
      "https://westeurope.oic.prod-aks.azure.com/9360e245-e5b1-48f4-a7b9-7dad21ff5958/ca62a571-477f-42f2-8d40-7443fa6e8bb0/",
      "https://login.microsoftonline.com/",
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "acrshopprod.azurecr.io/legacy/crm-sync:2019.11.4",
      "system:serviceaccount:shipping:shipping-api",
      "AzureServicesAuthConnectionString",
      "azure-workload-identity-reserved-9f86d081884c7d659a2feaa0c55ad0",
      "RunAs=App;AppId=11111111-2222-3333-4444-555555555555",
      "",
    ];
    for (const text of kept) expect(redactText(text), text).toBe(text);
    expect(holdsSecret("plain words")).toBe(false);
    expect(holdsSecret(SECRETS.bearer)).toBe(true);
  });

  it("redacts every string of a value, keys included, and nothing else", () => {
    expect(redactDeep({ [SECRETS.apiKey]: [SECRETS.clientSecret, 3, null, { ok: "fine" }] })).toEqual({ "k1Lq…<redacted, 41 chars>": ["Xq48…<redacted, 40 chars>", 3, null, { ok: "fine" }] });
  });
});

describe("redactText on log lines and events", () => {
  it("keeps what an AADSTS error says: URLs, subjects, audiences, GUIDs, paths and times", () => {
    const lines = [
      "2025-06-01T10:00:02Z ERROR WorkloadIdentityCredential authentication failed. AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/'. Assertion Subject: 'system:serviceaccount:shop:payments'. Assertion Audience: 'api://AzureADTokenExchange'. Trace ID: 2b1f6a2e-58f0-4c3c-9c15-3f6a1d0e7b00",
      "reading token file /var/run/secrets/azure/tokens/azure-identity-token: open /var/run/secrets/azure/wi/token/azure-identity-token: no such file or directory",
      "AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-03-01T11:00:00.0000000Z, assertion valid from 2026-03-01T09:00:00.0000000Z, expiry time of assertion 2026-03-01T10:00:00.0000000Z.",
    ];
    for (const line of lines) expect(redactText(line)).toBe(line);
  });
});
