import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isUserError, runChecks, setting, type UserError } from "@wid/core";
import { defineCheck } from "@wid/core/checks";
import { newAzureExport, parseAzureExportText, type AzureExport } from "@wid/core/sources/azure-export";
import { snapshot } from "../helpers/snapshot.js";

const FIXTURES = join(import.meta.dirname, "fixtures", "azure");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

function parse(files: Record<string, string>): AzureExport {
  const out = newAzureExport();
  for (const [file, text] of Object.entries(files)) parseAzureExportText(file, text, out);
  return out;
}

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error("expected a UserError");
}

describe("Azure CLI exports, recognised by shape", () => {
  it("reads `az identity list` with the position of each element", () => {
    const out = parse({ "ids.json": fixture("identity-list.json") });
    expect(out.state.identities.map((i) => [i.name, i.clientId, i.principalId, i.tenantId, i.resourceGroup, i.subscriptionId])).toEqual([
      ["id-orders", "3c2f9a51-7d4e-4b8a-9f61-2a0e5c7b1d93", "8e0d4b7a-12c3-4f5e-a6b7-c8d9e0f1a2b3", "72f988bf-86f1-41af-91ab-2d7cd011db47", "rg-apps", "0b1f6471-1bf0-4dda-aec3-cb9272f09590"],
      ["id-billing", "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "72f988bf-86f1-41af-91ab-2d7cd011db47", "rg-apps", "0b1f6471-1bf0-4dda-aec3-cb9272f09590"],
    ]);
    expect(out.state.identities.map((i) => i.origin)).toEqual([
      { file: "ids.json", line: 2, column: 3 },
      { file: "ids.json", line: 15, column: 3 },
    ]);
    expect([...out.loaded]).toEqual(["azure.identities"]);
    expect(out.problems).toEqual([]);
  });

  it("reads `az identity show` (one object) at line 1", () => {
    const one = JSON.stringify(JSON.parse(fixture("identity-list.json"))[1], null, 2);
    const out = parse({ "id.json": one });
    expect(out.state.identities.map((i) => [i.name, i.origin])).toEqual([["id-billing", { file: "id.json", line: 1, column: 1 }]]);
  });

  it("reads federated credentials, their parent identity from the id, and their creation time", () => {
    const out = parse({ "fics.json": fixture("fic-list.json") });
    expect(out.state.federatedCredentials).toEqual([
      {
        id: expect.stringContaining("/federatedIdentityCredentials/orders-prod"),
        name: "orders-prod",
        identityId: "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourcegroups/rg-apps/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders",
        identityName: "id-orders",
        resourceGroup: "rg-apps",
        issuer: "https://westeurope.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/5d8e4c2a-3b1f-4f7e-9a55-0c6e1d2b7a90/",
        subject: "system:serviceaccount:prod:orders",
        audiences: ["api://AzureADTokenExchange"],
        createdAt: "2026-02-27T09:41:12.1234567Z",
        origin: { file: "fics.json", line: 2, column: 3 },
      },
    ]);
  });

  it("reads role assignments at resource and subscription scope (no resourceGroup there)", () => {
    const out = parse({ "ra.json": fixture("role-assignments.json") });
    expect(out.state.roleAssignments.map((a) => [a.principalId, a.roleDefinitionName, a.scope, a.createdOn, a.principalType])).toEqual([
      ["8e0d4b7a-12c3-4f5e-a6b7-c8d9e0f1a2b3", "Key Vault Secrets User", "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-apps/providers/Microsoft.KeyVault/vaults/kv-orders", "2026-02-27T09:44:03.000000+00:00", "ServicePrincipal"],
      ["1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "Reader", "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590", "2025-06-02T14:03:11.000000+00:00", "ServicePrincipal"],
    ]);
    expect(out.state.roleAssignments[1]!.origin).toEqual({ file: "ra.json", line: 22, column: 3 });
  });

  it("reads custom role definitions with their data actions", () => {
    const out = parse({ "roles.json": fixture("role-definitions.json") });
    expect(out.state.roleDefinitions).toMatchObject([
      { name: "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a", roleName: "Order Secrets Reader", roleType: "CustomRole", permissions: [{ dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action"], actions: [] }] },
    ]);
    // Role definitions make no data key of their own: built-in roles are known without them.
    expect(out.loaded.size).toBe(0);
  });

  it("reads `az aks show` (issuerUrl) and ARM REST (issuerURL under properties)", () => {
    const cli = parse({ "aks.json": fixture("aks-show.json") });
    expect(cli.state.clusters).toMatchObject([{ name: "aks-prod", resourceGroup: "rg-aks", oidcIssuerEnabled: true, workloadIdentityEnabled: true, issuerUrl: expect.stringMatching(/^https:\/\/westeurope\.oic\.prod-aks\.azure\.com\/.*\/$/) }]);
    const rest = {
      id: "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/c2",
      name: "c2",
      type: "Microsoft.ContainerService/ManagedClusters",
      properties: { oidcIssuerProfile: { enabled: true, issuerURL: "https://eastus.oic.prod-aks.azure.com/t/c/" }, securityProfile: { workloadIdentity: { enabled: false } } },
    };
    const arm = parse({ "rest.json": JSON.stringify(rest) });
    expect(arm.state.clusters).toMatchObject([{ name: "c2", resourceGroup: "rg", issuerUrl: "https://eastus.oic.prod-aks.azure.com/t/c/", oidcIssuerEnabled: true, workloadIdentityEnabled: false }]);
    const disabled = parse({ "old.json": JSON.stringify({ ...JSON.parse(fixture("aks-show.json")), oidcIssuerProfile: null, securityProfile: null }) });
    expect(disabled.state.clusters).toMatchObject([{ oidcIssuerEnabled: false, issuerUrl: undefined, workloadIdentityEnabled: false }]);
  });

  it("reads `az keyvault show` with its mode and access policies", () => {
    const out = parse({ "kv.json": fixture("keyvault-show.json") });
    expect(out.state.keyVaults).toMatchObject([
      {
        name: "kv-orders",
        enableRbacAuthorization: false,
        tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
        vaultUri: "https://kv-orders.vault.azure.net/",
        accessPolicies: [{ objectId: "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", permissions: { secrets: ["get", "list"], keys: [], certificates: [] } }],
      },
    ]);
    expect([...out.loaded]).toEqual(["azure.keyVaults"]);
  });

  it("does not guess the mode of vaults listed without properties (`az keyvault list` without -g), and says why", () => {
    const s = snapshot({ azure: { "kvs.json": fixture("keyvault-list-names.json") } });
    expect(s.azure.keyVaults).toEqual([]);
    expect(s.coverage.available.has("azure.keyVaults")).toBe(false);
    expect(s.coverage.problems).toMatchObject([{ severity: "warning", file: "kvs.json", line: 2, column: 3 }]);
    expect(s.coverage.gaps.get("azure.keyVaults")).toEqual({ code: "key-vaults-without-properties" });
    const needsVaults = defineCheck({
      meta: { id: "needs-vaults", severity: "error", data: ["A"], title: "", condition: "", symptom: "", description: "", messages: {}, needs: ["azure.keyVaults"], fixable: false },
      detect: () => undefined,
    });
    expect(runChecks(s, [needsVaults]).notRun).toEqual([{ checkId: "needs-vaults", reason: { code: "missing-data", data: "azure.keyVaults", gap: { code: "key-vaults-without-properties" } } }]);
  });

  it("reads ARM list pages ({value: [...]}) and nested properties, as `az rest` prints them", () => {
    const page = {
      value: [
        {
          id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a/federatedIdentityCredentials/f",
          name: "f",
          type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
          properties: { issuer: "https://issuer/", subject: "system:serviceaccount:a:b", audiences: ["api://AzureADTokenExchange"] },
        },
      ],
      nextLink: null,
    };
    const out = parse({ "page.json": JSON.stringify(page, null, 1) });
    expect(out.state.federatedCredentials).toMatchObject([{ identityName: "id-a", subject: "system:serviceaccount:a:b", origin: { line: 3, column: 3 } }]);
  });

  it("warns that an ARM list page with a nextLink is one page of a longer list", () => {
    const identity = JSON.parse(fixture("identity-list.json"))[0];
    const out = parse({ "page.json": JSON.stringify({ value: [identity], nextLink: "https://management.azure.com/subscriptions/s/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2023-01-31&$skipToken=abc" }, null, 1) });
    expect(out.state.identities).toHaveLength(1);
    expect(out.problems).toMatchObject([{ severity: "warning", file: "page.json", line: 1, column: 1 }]);
    expect(out.problems[0]!.hint).toMatch(/az /);
    const last = parse({ "last.json": JSON.stringify({ value: [identity], nextLink: null }) });
    expect(last.problems).toEqual([]);
  });

  it("reads role assignments from ARM REST, and role types from properties.type", () => {
    const ra = {
      id: "/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/r1",
      name: "r1",
      type: "Microsoft.Authorization/roleAssignments",
      properties: { principalId: "p", roleDefinitionId: "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/x", scope: "/subscriptions/s" },
    };
    const rd = {
      id: "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/x",
      name: "x",
      type: "Microsoft.Authorization/roleDefinitions",
      properties: { roleName: "Builtin thing", type: "BuiltInRole", permissions: [] },
    };
    const out = parse({ "mixed.json": JSON.stringify([ra, rd]) });
    expect(out.state.roleAssignments).toMatchObject([{ principalId: "p", scope: "/subscriptions/s" }]);
    expect(out.state.roleDefinitions).toMatchObject([{ roleName: "Builtin thing", roleType: "BuiltInRole" }]);
  });

  it("recognises elements without `type` by their fields", () => {
    const noType = JSON.parse(fixture("identity-list.json")).map(({ type: _t, ...rest }: Record<string, unknown>) => rest);
    expect(parse({ "x.json": JSON.stringify(noType) }).state.identities).toHaveLength(2);
  });

  it("counts an object exported twice once (`az identity list` and `az identity show` of the same identity)", () => {
    const list = fixture("identity-list.json");
    const show = JSON.stringify(JSON.parse(list)[0]);
    const out = parse({ "list.json": list, "show.json": show });
    expect(out.state.identities.map((i) => i.name)).toEqual(["id-orders", "id-billing"]);
  });

  it("keeps a flexible credential (claimsMatchingExpression) and warns that it is not evaluated", () => {
    const flexible = [
      {
        audiences: ["api://AzureADTokenExchange"],
        claimsMatchingExpression: { languageVersion: 1, value: "claims['sub'] matches 'system:serviceaccount:prod:*'" },
        id: "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a/federatedIdentityCredentials/flex",
        issuer: "https://issuer/",
        name: "flex",
        subject: null,
        type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      },
    ];
    const out = parse({ "flex.json": JSON.stringify(flexible) });
    expect(out.state.federatedCredentials).toMatchObject([{ name: "flex", subject: "" }]);
    expect(out.problems).toMatchObject([{ severity: "warning", file: "flex.json", line: 1, column: 2 }]);
  });

  it("an empty export counts as loaded when its file name says what it lists", () => {
    expect([...parse({ "fics-id-orders.json": "[]" }).loaded]).toEqual(["azure.federatedCredentials"]);
    expect([...parse({ "role-assignments.json": "[ ]\n" }).loaded]).toEqual(["azure.roleAssignments"]);
    expect([...parse({ "identities.json": '{"value": []}' }).loaded]).toEqual(["azure.identities"]);
    const unnamed = parse({ "export.json": "[]" });
    expect(unnamed.loaded.size).toBe(0);
    expect(unnamed.problems).toMatchObject([{ severity: "info", file: "export.json" }]);
  });

  it("skips elements of unknown shape with a warning at their position, and caps the warnings per file", () => {
    const items = [JSON.parse(fixture("identity-list.json"))[0], ...Array.from({ length: 8 }, (_, i) => ({ id: `/x/${i}`, type: "Microsoft.Storage/storageAccounts" }))];
    const out = parse({ "mixed.json": JSON.stringify(items, null, 2) });
    expect(out.state.identities).toHaveLength(1);
    expect(out.problems.filter((p) => p.line !== undefined)).toHaveLength(5);
    expect(out.problems.every((p) => p.file === "mixed.json")).toBe(true);
    expect(out.problems.at(-1)!.message).toMatch(/^3 more/);
  });

  it("names the missing fields of an element whose type is known", () => {
    const out = parse({ "ids.json": JSON.stringify([{ type: "Microsoft.ManagedIdentity/userAssignedIdentities", id: "/x/id-a", clientId: "c" }, JSON.parse(fixture("identity-list.json"))[0]]) });
    expect(out.problems).toMatchObject([{ severity: "warning", file: "ids.json", message: expect.stringContaining("principalId, tenantId") }]);
  });
});

describe("Azure exports that cannot be read are UserErrors naming the file", () => {
  it("invalid JSON: line and column, and the parser's reason on one line", () => {
    const e = userError(() => parse({ "bad.json": '[\n  {"id": "x",}\n]' }));
    expect([e.file, e.line, e.column]).toEqual(["bad.json", 2, 14]);
    expect(e.message).toMatch(/^bad\.json:2:14: invalid JSON: /);
    expect(e.message).not.toContain("\n");
    expect(e.hint).toMatch(/az/);
  });

  it("invalid JSON where JSON.parse gives no position: found by scanning", () => {
    const e = userError(() => parse({ "tru.json": '[\n  {"enabled": tru}\n]' }));
    expect([e.line, e.column]).toEqual([2, 15]);
    expect(e.message).not.toContain("\n");
    const f = userError(() => parse({ "commas.json": "[1,,2]" }));
    expect([f.line, f.column]).toEqual([1, 4]);
  });

  it("Azure CLI warnings saved before the JSON (`2>&1`): the line of the warning, and a hint to redirect stdout alone", () => {
    const text = "WARNING: The command requires the extension aks-preview. It will be installed first.\n" + fixture("identity-list.json");
    const e = userError(() => parse({ "ids.json": text }));
    expect([e.file, e.line, e.column]).toEqual(["ids.json", 1, 1]);
    expect(e.message).toMatch(/^ids\.json:1:1: /);
    expect(e.message).toContain("WARNING: The command requires");
    expect(e.message).not.toContain("\n");
    expect(e.hint).toMatch(/standard output/);
  });

  it("coloured output (`-o jsonc`) and tab-separated output (`-o tsv`) are named, never echoed raw", () => {
    const jsonc = userError(() => parse({ "c.json": "\u001b[1;34m[\u001b[0m\n  {}\n]" }));
    expect(jsonc.message).toMatch(/^c\.json:1:1: /);
    expect(jsonc.message).toContain("-o jsonc");
    expect(jsonc.message).not.toContain("\u001b");
    expect(jsonc.hint).toContain("-o json");
    const tsv = userError(() => parse({ "t.json": "65717f04-9465-41ad-8ad4-4791cab1d01c\t/subscriptions/s\twesteurope\n" }));
    expect(tsv.message).toMatch(/^t\.json:1:1: /);
    expect(tsv.message).toContain("-o tsv");
    expect(tsv.hint).toContain("-o json");
  });

  it("an empty file", () => {
    const e = userError(() => parse({ "empty.json": "  \n" }));
    expect(e.file).toBe("empty.json");
    expect(e.message).toMatch(/empty\.json/);
  });

  it("JSON of no known shape, with the accepted commands in the hint", () => {
    const e = userError(() => parse({ "subs.json": JSON.stringify([{ id: "/subscriptions/s", name: "Pay-As-You-Go", state: "Enabled" }]) }));
    expect(e.message).toBe("subs.json: JSON matches no Azure CLI export shape");
    for (const command of ["az identity list", "az identity federated-credential list", "az role assignment list", "az aks show", "az keyvault show"]) expect(e.hint).toContain(command);
    for (const value of ["null", "42", '"text"', "[1, 2]"]) expect(userError(() => parse({ "v.json": value })).file).toBe("v.json");
  });

  it("a Kubernetes manifest passed as an export points to the manifests setting (-f)", () => {
    const e = userError(() => parse({ "sa.json": JSON.stringify({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "a" } }) }));
    expect(e.hint).toContain(setting("manifests"));
  });
});
