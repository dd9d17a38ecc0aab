import { describe, expect, it } from "vitest";
import { csiClientIdMismatch } from "../../src/checks/csi-client-id-mismatch.js";
import { findings, where } from "../helpers/snapshot.js";
import { deployment, fic, identity, keyVault, OTHER_TENANT, serviceAccount, spc, TENANT, type SpcOpts } from "../azure/fixtures.js";
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

  describe("pods that run as a ServiceAccount naming no identity (default, when the pod sets no serviceAccountName)", () => {
    const onDefault = (extra: Record<string, string> = {}, sa?: string) => ({
      "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
      "deploy.yaml": deployment("web", { ...(sa ? { sa } : {}), namespace: "prod", labelled: false, spcs: ["app-secrets"] }),
      "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT }),
      ...extra,
    });

    it("flags a class whose clientID is another ServiceAccount's identity, from manifests alone, with the fix that runs the pods as it", () => {
      const f = findings(csiClientIdMismatch, { manifests: onDefault() });
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["csi-client-id-mismatch Deployment prod/web @ deploy.yaml:15:7", "serviceAccount"]]);
      expect(f[0]!.evidence).toMatchObject({ expected: "app", actual: "default", reason: "annotation" });
      expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "manifest", file: "deploy.yaml", edits: [{ op: "set", path: ["spec", "template", "spec", "serviceAccountName"], value: "app" }] });
    });

    it("points at serviceAccountName when the pods name an unannotated ServiceAccount", () => {
      const f = findings(csiClientIdMismatch, { manifests: onDefault({ "batch.yaml": serviceAccount("batch", "prod") }, "batch") });
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["csi-client-id-mismatch Deployment prod/web @ deploy.yaml:15:27", "serviceAccount"]]);
    });

    it("with exports, flags a class whose identity trusts another ServiceAccount only, and passes one that trusts the pods' own", () => {
      const manifests = onDefault({ "sa.yaml": serviceAccount("app", "prod") });
      const azure = (subject: string) => ({ "identities.json": identities, "fics.json": [fic("id-app", "prod-app", { subject })] });
      const f = findings(csiClientIdMismatch, { manifests, azure: azure("system:serviceaccount:prod:app") });
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["csi-client-id-mismatch Deployment prod/web @ deploy.yaml:15:7", "serviceAccountTrusted"]]);
      expect(findings(csiClientIdMismatch, { manifests, azure: azure("system:serviceaccount:prod:default") })).toEqual([]);
      // a credential for default wins over an annotation elsewhere: the mount works
      expect(findings(csiClientIdMismatch, { manifests: onDefault(), azure: azure("system:serviceaccount:prod:default") })).toEqual([]);
      // without exports, a class no ServiceAccount of the namespace names is fic-missing's to judge
      expect(findings(csiClientIdMismatch, { manifests })).toEqual([]);
    });
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
