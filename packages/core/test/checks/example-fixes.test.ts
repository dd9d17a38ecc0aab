import { describe, expect, it } from "vitest";
import { runChecks, type Report } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { applyFileFixes, assertAzureMends, assertMended, azurePlanOf, findingKey } from "../helpers/check-tester.js";
import { exampleFixture, hasExamples } from "../helpers/examples.js";
import { snapshot } from "../helpers/snapshot.js";

const NOW = Date.UTC(2026, 2, 1, 12);
const fixable = allChecks.filter(hasExamples).filter((c) => c.meta.fixable);

/**
 * What the doctor may still report once a check's fix is applied to its example, because the fix
 * leads there: Azure takes minutes to honour a new credential or role, and a migration keeps its
 * old label until the workload runs on workload identity.
 */
const AFTER_FIX: Record<string, string[]> = {
  "fic-missing": ["fic-propagation recent FederatedIdentityCredential prod-app"],
  "rbac-missing-for-target": ["rbac-propagation recent RoleAssignment"],
  "rbac-assigned-to-wrong-principal": ["rbac-propagation recent RoleAssignment"],
  "migrate-pod-identity": ["migrate-pod-identity leftover Deployment prod/web"],
};

describe("the fix of every fixable check, on its failing example", () => {
  it.each(fixable.map((c) => [c.meta.id, c] as const))(
    "%s: mends it; the doctor then finds nothing the fix should have mended, nothing else in the files changed, and a second fix changes nothing",
    (id, check) => {
      const { examples } = check.meta;
      const fixture = { ...exampleFixture(examples.bad, "bad", NOW), ...(examples.liveCluster ? { live: true } : {}), name: id };
      const snap = snapshot(fixture);
      if (examples.liveCluster) snap.coverage.available.add("cluster");
      const mine = runChecks(snap, allChecks).findings.filter((f) => f.checkId === id);
      const files = applyFileFixes(fixture, mine);
      const inAzure = mine.filter((f) => !files?.fixed.some((x) => x.finding === f) && azurePlanOf(f));
      expect(Boolean(files) || inAzure.length > 0, `${id} is fixable, but offers no fix wid can apply on its example`).toBe(true);
      const reports: Report[] = [...(files ? [assertMended(allChecks, fixture, files)] : []), ...inAzure.map((f) => assertAzureMends(allChecks, fixture, f, NOW))];
      const allowed = AFTER_FIX[id] ?? [];
      for (const report of reports) {
        expect(report.findings.map(findingKey).filter((k) => !allowed.some((a) => k.startsWith(a))), "findings after the fix").toEqual([]);
      }
    },
  );
});
