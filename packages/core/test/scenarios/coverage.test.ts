import { describe, expect, it } from "vitest";
import { catalogRows, LIVE_ONLY } from "./support/catalog.js";
import type { Form, Locator } from "./support/scenario.js";
import { cronJobForm } from "./support/forms/cronjob.js";
import { deploymentForm } from "./support/forms/deployment.js";
import { helmListForm } from "./support/forms/helm-list.js";
import { helmPlatformForm } from "./support/forms/helm-platform.js";
import { kubectlJsonForm } from "./support/forms/kubectl-json.js";
import { kustomizeForm } from "./support/forms/kustomize.js";
import { statefulSetForm } from "./support/forms/statefulset.js";

const FORMS: Form[] = [deploymentForm, statefulSetForm, cronJobForm, helmListForm, kustomizeForm, kubectlJsonForm, helmPlatformForm];

/** Names only the check of each expected finding. */
const checkOnly: Locator = { m: (checkId) => checkId, a: (checkId) => checkId };

describe("the focused scenarios", () => {
  it("give every check that manifests or Azure exports can run a mistake of its own", () => {
    const offline = catalogRows()
      .filter((r) => (r.data.includes("M") || r.data.includes("A")) && !LIVE_ONLY.includes(r.id))
      .map((r) => r.id);
    const covered = new Set(FORMS.flatMap((f) => f.scenarios.flatMap((s) => s.about)));
    expect(offline.filter((id) => !covered.has(id))).toEqual([]);
  });

  it("expect a finding of each check a mistake is about, and of no check the mistake is not about", () => {
    for (const form of FORMS) {
      for (const s of form.scenarios) {
        expect(new Set(s.expected(checkOnly)), `${form.title}: ${s.mistake}`).toEqual(new Set(s.about));
      }
    }
  });
});
