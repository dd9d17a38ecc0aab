import { describe, expect, it } from "vitest";
import { ficLimit } from "../../src/checks/fic-limit.js";
import { findings, runOne, where } from "../helpers/snapshot.js";
import { at, fic, identity } from "../azure/fixtures.js";

const ids = [
  identity("id-shared", { clientId: "11111111-2222-4333-8444-555555555555", principalId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" }),
  identity("id-small", { clientId: "22222222-2222-4333-8444-555555555555", principalId: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee" }),
];
const fics = (name: string, n: number) => Array.from({ length: n }, (_, i) => fic(name, `fic-${i}`, { subject: `system:serviceaccount:ns${i}:app` }));

describe("fic-limit", () => {
  it("warns at 18 credentials and reports an error at 20, on the identity", () => {
    const near = findings(ficLimit, { azure: { "identities.json": ids, "fics.json": [...fics("id-shared", 18), ...fics("id-small", 3)] } });
    expect(near.map(where)).toEqual([`fic-limit ManagedIdentity id-shared @ ${at("identities.json", ids, 0)}`]);
    expect(near[0]!.severity).toBe("warning");
    const full = findings(ficLimit, { azure: { "identities.json": ids, "fics.json": fics("id-shared", 20) } });
    expect(full.map(where)).toEqual([`fic-limit ManagedIdentity id-shared @ ${at("identities.json", ids, 0)}`]);
    expect(full[0]!.severity).toBe("error");
    expect(full[0]!.evidence).toMatchObject({ actual: 20, limit: 20 });
  });

  it("passes 17 credentials and an empty export", () => {
    expect(findings(ficLimit, { azure: { "identities.json": ids, "fics.json": fics("id-shared", 17) } })).toEqual([]);
    expect(findings(ficLimit, { azure: { "identities.json": ids, "fics.json": [] } })).toEqual([]);
  });

  it("does not run without identities", () => {
    expect(runOne(ficLimit, { azure: { "fics.json": fics("id-shared", 20) } }).notRun.map((n) => n.checkId)).toEqual(["fic-limit"]);
  });
});
