import { describe, expect, it } from "vitest";
import { csiClientIdMismatch } from "../../src/checks/csi-client-id-mismatch.js";
import { findings, where } from "../helpers/snapshot.js";
import { deployment, identity, keyVault, OTHER_TENANT, serviceAccount, spc, TENANT, type SpcOpts } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const identities = [identity("id-app", { clientId: CLIENT, principalId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" })];
const manifests = (o: Partial<SpcOpts>) => ({
  "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod", spcs: ["app-secrets"] }),
  "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT, ...o }),
});

describe("csi-client-id-mismatch", () => {
  it("flags a clientID other than the ServiceAccount's client-id, at the parameter, from manifests alone", () => {
    const f = findings(csiClientIdMismatch, { manifests: manifests({ clientID: "99999999-2222-4333-8444-555555555555" }) });
    expect(f.map(where)).toEqual(["csi-client-id-mismatch SecretProviderClass prod/app-secrets @ spc.yaml:10:15"]);
    expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web" });
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "manifest", edits: [{ op: "set", value: CLIENT }] });
  });

  it("flags a missing tenant and keyvaultName", () => {
    const f = findings(csiClientIdMismatch, { manifests: manifests({ tenantId: undefined, keyvaultName: undefined }) });
    expect(f.map(where)).toEqual(["csi-client-id-mismatch SecretProviderClass prod/app-secrets @ spc.yaml:9:5", "csi-client-id-mismatch SecretProviderClass prod/app-secrets @ spc.yaml:9:5"]);
    expect(f.map((x) => x.evidence["actual"])).toEqual(["absent", "absent"]);
  });

  it("reads the tenant from tenantID, the provider's current spelling, before the deprecated tenantId", () => {
    const azure = { "identities.json": identities, "vaults.json": [keyVault("kv-prod", { rbac: true })] };
    expect(findings(csiClientIdMismatch, { manifests: manifests({ tenantId: undefined, extra: { tenantID: TENANT } }), azure })).toEqual([]);
    const f = findings(csiClientIdMismatch, { manifests: manifests({ tenantId: undefined, extra: { tenantID: OTHER_TENANT } }), azure });
    expect(f.map(where)).toEqual(["csi-client-id-mismatch SecretProviderClass prod/app-secrets @ spc.yaml:12:15"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "parameters", "tenantID"], value: TENANT }] });
    // an empty tenantID falls back to tenantId, as the provider does
    expect(findings(csiClientIdMismatch, { manifests: manifests({ extra: { tenantID: "" } }), azure })).toEqual([]);
  });

  it("with exports, flags a tenant other than the identity's and a vault name that does not resolve", () => {
    const f = findings(csiClientIdMismatch, {
      manifests: manifests({ tenantId: OTHER_TENANT, keyvaultName: "kv-prd" }),
      azure: { "identities.json": identities, "vaults.json": [keyVault("kv-prod", { rbac: true })] },
    });
    expect(f.map(where)).toEqual(["csi-client-id-mismatch SecretProviderClass prod/app-secrets @ spc.yaml:18:15", "csi-client-id-mismatch SecretProviderClass prod/app-secrets @ spc.yaml:11:19"]);
    expect(f[0]!.evidence).toMatchObject({ expected: TENANT, actual: OTHER_TENANT });
    expect(f[1]!.evidence).toMatchObject({ suggestions: ["kv-prod"] });
    expect(f[1]!.severity).toBe("error");
  });

  it("only warns of a vault name like none exported: it may live in a resource group that was not exported", () => {
    const f = findings(csiClientIdMismatch, {
      manifests: manifests({ keyvaultName: "kv-payments-shared" }),
      azure: { "identities.json": identities, "vaults.json": [keyVault("kv-prod", { rbac: true })] },
    });
    expect(f.map((x) => [where(x), x.severity])).toEqual([["csi-client-id-mismatch SecretProviderClass prod/app-secrets @ spc.yaml:11:19", "warning"]]);
  });

  it("passes a consistent class, and ignores classes that do not use workload identity", () => {
    expect(findings(csiClientIdMismatch, { manifests: manifests({}), azure: { "identities.json": identities, "vaults.json": [keyVault("kv-prod", { rbac: true })] } })).toEqual([]);
    expect(findings(csiClientIdMismatch, { manifests: manifests({ clientID: "99999999-2222-4333-8444-555555555555", extra: { useVMManagedIdentity: "true" } }) })).toEqual([]);
    expect(findings(csiClientIdMismatch, { manifests: manifests({ clientID: CLIENT.toUpperCase() }) })).toEqual([]);
  });
});

testCheck(csiClientIdMismatch, {
  valid: [{ name: "a consistent class", manifests: manifests({}), azure: { "identities.json": identities, "vaults.json": [keyVault("kv-prod", { rbac: true })] } }],
  invalid: [
    {
      name: "another client id: the ServiceAccount's written in its place",
      manifests: manifests({ clientID: "99999999-2222-4333-8444-555555555555" }),
      findings: [{ messageId: "clientId", object: "SecretProviderClass prod/app-secrets", at: "spc.yaml:10:15-10:53" }],
      output: { "spc.yaml": manifests({})["spc.yaml"] },
    },
    {
      name: "no tenant, with the identities exported: the identity's tenant added to the parameters",
      manifests: manifests({ tenantId: undefined }),
      azure: { "identities.json": identities },
      findings: [{ messageId: "tenantMissing", object: "SecretProviderClass prod/app-secrets", at: "spc.yaml:9:5-17:28" }],
      output: { "spc.yaml": `${manifests({ tenantId: undefined })["spc.yaml"]}    tenantID: ${TENANT}\n` },
    },
    {
      name: "a vault name like an exported one: the exported name written",
      manifests: manifests({ keyvaultName: "kv-prd" }),
      azure: { "identities.json": identities, "vaults.json": [keyVault("kv-prod", { rbac: true })] },
      findings: [{ messageId: "vaultUnknown", object: "SecretProviderClass prod/app-secrets", at: "spc.yaml:11:19-11:27" }],
      output: { "spc.yaml": manifests({})["spc.yaml"] },
    },
  ],
});
