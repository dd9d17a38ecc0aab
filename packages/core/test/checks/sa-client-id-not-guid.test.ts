import { describe, expect, it } from "vitest";
import { saClientIdNotGuid } from "../../src/checks/sa-client-id-not-guid.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const GUID = "11111111-2222-3333-4444-555555555555";
const ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-id";
const sa = (value: string) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: ${value}
`;
const identities = [
  {
    id: ID,
    name: "web-id",
    resourceGroup: "rg",
    location: "westeurope",
    clientId: GUID,
    principalId: "99999999-8888-7777-6666-555555555555",
    tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    type: "Microsoft.ManagedIdentity/userAssignedIdentities",
  },
];

describe("sa-client-id-not-guid", () => {
  it.each([
    ["${USER_ASSIGNED_CLIENT_ID}", "placeholder"],
    ['"{{ .Values.clientId }}"', "placeholder"],
    ['"<client-id>"', "placeholder"],
    ["web-id", "notGuid"],
    ["11111111-2222-3333-4444-55555555555", "notGuid"],
  ])("flags %s at the annotation value", (value, message) => {
    const f = findings(saClientIdNotGuid, { manifests: { "sa.yaml": sa(value) } });
    expect(f.map(where)).toEqual(["sa-client-id-not-guid ServiceAccount prod/app @ sa.yaml:7:40"]);
    expect(f[0]!.message).toBe(saClientIdNotGuid.meta.messages[message]!.replace("{sa}", "prod/app").replace("{value}", value.replace(/^"|"$/g, "")));
    expect(f[0]!.fixes[0]!.snippet!.text).toContain("az identity show");
  });

  it("never echoes a client secret pasted where the client id belongs", () => {
    const secret = "Xy78Q~abcdefghijklmnopqrstuvwxyz0123456789AB";
    const f = findings(saClientIdNotGuid, { manifests: { "sa.yaml": sa(secret) } });
    expect(f.map(where)).toEqual(["sa-client-id-not-guid ServiceAccount prod/app @ sa.yaml:7:40"]);
    expect(JSON.stringify(f)).not.toContain(secret);
  });

  it("cleans a GUID padded with spaces or braces", () => {
    const f = findings(saClientIdNotGuid, { manifests: { "sa.yaml": sa(`"{${GUID}} "`) } });
    expect(f.map(where)).toEqual(["sa-client-id-not-guid ServiceAccount prod/app @ sa.yaml:7:40"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "manifest", edits: [{ op: "set", value: GUID }] });
  });

  it("resolves an identity's name or resource id to its client id when Azure data is loaded", () => {
    for (const value of ["web-id", ID]) {
      const f = findings(saClientIdNotGuid, { manifests: { "sa.yaml": sa(value) }, azure: { "ids.json": identities } });
      expect(f.map(where)).toEqual(["sa-client-id-not-guid ServiceAccount prod/app @ sa.yaml:7:40"]);
      expect(f[0]!.evidence).toMatchObject({ identity: "web-id", identityClientId: GUID });
      expect(f[0]!.fixes[0]!.plans[1]).toMatchObject({ target: "cluster", steps: [{ op: "patch", patch: { metadata: { annotations: { "azure.workload.identity/client-id": GUID } } } }] });
    }
    // without Azure data the resource id is looked up with the CLI
    const f = findings(saClientIdNotGuid, { manifests: { "sa.yaml": sa(ID) } });
    expect(f[0]!.fixes[0]!.snippet!.text).toContain(`az identity show --ids ${ID}`);
  });

  it("checks ServiceAccounts inside List items", () => {
    const f = findings(saClientIdNotGuid, {
      manifests: {
        "list.yaml": `apiVersion: v1
kind: ServiceAccountList
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: app
      namespace: prod
      annotations: { azure.workload.identity/client-id: TODO }
`,
      },
    });
    expect(f.map(where)).toEqual(["sa-client-id-not-guid ServiceAccount prod/app @ list.yaml:9:57"]);
  });

  it("passes GUIDs in any case, and leaves empty or absent values to sa-client-id-missing", () => {
    expect(findings(saClientIdNotGuid, { manifests: { "sa.yaml": sa(GUID) } })).toEqual([]);
    expect(findings(saClientIdNotGuid, { manifests: { "sa.yaml": sa(GUID.toUpperCase().replace(/1/g, "A")) } })).toEqual([]);
    expect(findings(saClientIdNotGuid, { manifests: { "sa.yaml": sa('""') } })).toEqual([]);
    expect(findings(saClientIdNotGuid, { manifests: { "sa.yaml": sa("") } })).toEqual([]);
    expect(findings(saClientIdNotGuid, { manifests: { "sa.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: app }\n" } })).toEqual([]);
  });
});

testCheck(saClientIdNotGuid, {
  valid: [{ name: "a GUID", manifests: { "sa.yaml": sa(GUID) } }],
  invalid: [
    {
      name: "a GUID in braces and quotes: the bare GUID written in the same quotes",
      manifests: { "sa.yaml": sa(`"{${GUID}}"`) },
      findings: [{ messageId: "padded", object: "ServiceAccount prod/app", at: "sa.yaml:7:40-7:80" }],
      output: sa(`"${GUID}"`),
    },
    {
      name: "an identity's resource id, with the identities exported: its client id",
      manifests: { "sa.yaml": sa(ID) },
      azure: { "ids.json": identities },
      findings: [{ messageId: "resourceId", object: "ServiceAccount prod/app", at: `sa.yaml:7:40-7:${40 + ID.length}` }],
      output: sa(GUID),
    },
    {
      name: "a placeholder without Azure data: no file fix, the az command to look it up",
      manifests: { "sa.yaml": sa("${USER_ASSIGNED_CLIENT_ID}") },
      findings: [{ messageId: "placeholder", object: "ServiceAccount prod/app", at: "sa.yaml:7:40-7:66" }],
      output: null,
    },
  ],
});
