import { describe, expect, it } from "vitest";
import { ficPropagation } from "../../src/checks/fic-propagation.js";
import { findings, where } from "../helpers/snapshot.js";
import { at, deployment, fic, identity, NOW, serviceAccount } from "../azure/fixtures.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const SUBJECT = "system:serviceaccount:prod:app";
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString().replace("Z", "1234Z");

function run(fics: Record<string, unknown>[]) {
  return findings(ficPropagation, {
    now: NOW,
    manifests: {
      "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
      "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }),
    },
    azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": fics },
  });
}

describe("fic-propagation", () => {
  it("reports a matching FIC created less than 10 minutes before the snapshot", () => {
    const fics = [fic("id-app", "prod-app", { subject: SUBJECT, createdAt: minutesAgo(3) })];
    const f = run(fics);
    expect(f.map(where)).toEqual([`fic-propagation FederatedIdentityCredential prod-app @ ${at("fics.json", fics)}`]);
    expect(f[0]!.evidence).toMatchObject({ ageSeconds: 180, windowMinutes: 10 });
    expect(run([fic("id-app", "prod-app", { subject: SUBJECT, createdAt: minutesAgo(9.9) })])).toHaveLength(1);
  });

  it("passes once the window has passed, when an older matching FIC exists, or when the export has no creation time", () => {
    expect(run([fic("id-app", "prod-app", { subject: SUBJECT, createdAt: minutesAgo(10) })])).toEqual([]);
    expect(
      run([fic("id-app", "prod-app", { subject: SUBJECT, createdAt: minutesAgo(2) }), fic("id-app", "prod-app-old", { subject: SUBJECT, createdAt: minutesAgo(600) })]),
    ).toEqual([]);
    expect(run([fic("id-app", "prod-app", { subject: SUBJECT })])).toEqual([]);
  });

  it("ignores recent FICs that do not match the ServiceAccount", () => {
    expect(run([fic("id-app", "other", { subject: "system:serviceaccount:prod:other", createdAt: minutesAgo(1) })])).toEqual([]);
    expect(run([fic("id-app", "prod-app", { subject: SUBJECT, audiences: ["api://custom"], createdAt: minutesAgo(1) })])).toEqual([]);
  });
});
