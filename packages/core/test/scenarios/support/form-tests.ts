import { describe, expect, it } from "vitest";
import { LIVE_ONLY } from "./catalog.js";
import { runForm, type Form } from "./scenario.js";

/**
 * The tests every input form gets: its corrected setup produces no finding from any check, and
 * each mistake produces exactly its expected findings, nothing more.
 */
export function formTests(form: Form): void {
  describe(form.title, () => {
    it("corrected: no finding from any check; only live-cluster and runtime checks are not run", async () => {
      const { result } = await runForm(form);
      expect(result.findings).toEqual([]);
      expect(result.notRun.map((n) => n.checkId).sort()).toEqual([...LIVE_ONLY].sort());
    });

    for (const scenario of form.scenarios) {
      it(`${scenario.mistake} -> ${scenario.about.join(", ") || "no finding"}`, async () => {
        const { result, at } = await runForm(form, scenario);
        expect(result.findings).toEqual(scenario.expected(at).sort());
      });
    }
  });
}
