import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUserError, loadOfflineSnapshot, runChecks, snapshotFromTexts, type Snapshot } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { azureText, kubeObject, manifestText, mutated, scenario } from "./arbitraries.js";

/**
 * Generated and mutated manifests and Azure exports go through the sources and every check:
 * nothing may throw but a UserError, and every problem, error and finding that names a file
 * names one that was given, at a line it has. WID_FUZZ_RUNS raises the number of runs for a
 * longer local search; WID_FUZZ_SEED replays a failure that fast-check reported.
 */
const RUNS = Number(process.env["WID_FUZZ_RUNS"] ?? 250);
const SEED = process.env["WID_FUZZ_SEED"] === undefined ? {} : { seed: Number(process.env["WID_FUZZ_SEED"]) };
const NOW = Date.parse("2026-03-01T12:00:00Z");

type Files = Record<string, string>;

const manifestFiles = fc.dictionary(fc.constantFrom("a.yaml", "b.yml", "c.json", "templates/d.yaml"), fc.oneof(manifestText, mutated(manifestText)), { minKeys: 1, maxKeys: 3 });
const exportNames = fc.constantFrom("identities.json", "fics.json", "roles.json", "aks.json", "export.json");
// Mostly readable exports: one refused export stops the load, and the checks need the rest.
const azureFiles = fc.dictionary(exportNames, fc.oneof({ arbitrary: azureText, weight: 4 }, { arbitrary: mutated(azureText), weight: 1 }), { maxKeys: 3 });
const wellFormedAzureFiles = fc.dictionary(exportNames, azureText, { maxKeys: 3 });

function lineCount(text: string): number {
  return text.split("\n").length;
}

/** A place named by a problem or a finding is in one of the inputs, within its lines. */
function expectInInputs(where: { file?: string | undefined; line?: number | undefined; column?: number | undefined }, inputs: Files, what: string): void {
  expect(where.file, `${what} names a file`).toBeTypeOf("string");
  expect(Object.keys(inputs), `${what} names an input`).toContain(where.file);
  if (where.line !== undefined) {
    expect(where.line, `${what} line`).toBeGreaterThanOrEqual(1);
    expect(where.line, `${what} line`).toBeLessThanOrEqual(lineCount(inputs[where.file!]!));
    expect(where.column, `${what} column`).toBeGreaterThanOrEqual(1);
  }
}

/** Loads and analyses; returns the snapshot, or undefined when the input was refused with a UserError. */
function analyse(manifests: Files, azure: Files): Snapshot | undefined {
  const inputs = { ...manifests, ...azure };
  let snapshot: Snapshot;
  try {
    snapshot = snapshotFromTexts({
      manifests: Object.entries(manifests).map(([file, text]) => ({ file, text })),
      azure: Object.entries(azure).map(([file, text]) => ({ file, text })),
      now: NOW,
    });
  } catch (e) {
    if (!isUserError(e)) throw e;
    expect(Object.keys(azure), "a UserError names the export it refused").toContain(e.file);
    expect(e.message).not.toContain("\n");
    return undefined;
  }
  for (const p of snapshot.coverage.problems) expectInInputs(p, inputs, `problem "${p.message}"`);
  for (const o of snapshot.objects) {
    expectInInputs(o.loc()!, inputs, `${o.kind} ${o.name}`);
    expectInInputs(o.loc(["spec", "template", "metadata", "labels", "azure.workload.identity/use"])!, inputs, `a field of ${o.kind} ${o.name}`);
    expectInInputs(o.loc(["metadata", "annotations", "x"], { key: true })!, inputs, `a key of ${o.kind} ${o.name}`);
  }
  const report = runChecks(snapshot, allChecks);
  for (const f of report.findings) {
    if (f.object.file !== undefined) expectInInputs(f.object, inputs, `finding ${f.checkId}`);
  }
  expect(report.ran.length + report.notRun.length).toBe(allChecks.length);
  return snapshot;
}

describe("fuzzing the sources and the engine", () => {
  it("generated manifests: every check runs or says why not, without throwing", () => {
    fc.assert(
      fc.property(manifestFiles, (manifests) => {
        analyse(manifests, {});
      }),
      { numRuns: RUNS, ...SEED },
    );
  });

  it("generated manifests with Azure exports, mutated: only UserErrors for unreadable exports", () => {
    fc.assert(
      fc.property(manifestFiles, azureFiles, (manifests, azure) => {
        analyse(manifests, azure);
      }),
      { numRuns: RUNS, ...SEED },
    );
  });

  it("whole chains with one link broken, sometimes mutated: the checks get deep, and do not throw", () => {
    const chains = fc.oneof(
      { arbitrary: scenario, weight: 3 },
      fc.tuple(scenario, fc.constantFrom("app.yaml", "fics.json", "identities.json", "role-assignments.json")).chain(([s, file]) =>
        mutated(fc.constant((s.manifests[file] ?? s.azure[file])!)).map((text) =>
          file === "app.yaml" ? { ...s, manifests: { [file]: text } } : { ...s, azure: { ...s.azure, [file]: text } },
        ),
      ),
    );
    fc.assert(
      fc.property(chains, ({ manifests, azure }) => {
        analyse(manifests, azure);
      }),
      { numRuns: RUNS, ...SEED },
    );
  });

  describe("from files", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "wid-fuzz-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("bytes of any kind, as manifests and as exports: a snapshot or a UserError naming the file", async () => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.oneof(manifestText, mutated(manifestText), azureText).map((t) => new TextEncoder().encode(t)),
        fc.oneof(manifestText, azureText).map((t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")])),
      );
      let n = 0;
      await fc.assert(
        fc.asyncProperty(bytes, async (content) => {
          const file = join(dir, `input-${n++}.json`);
          writeFileSync(file, content);
          for (const inputs of [{ manifests: [file] }, { azure: [file] }]) {
            try {
              const snapshot = await loadOfflineSnapshot({ ...inputs, now: NOW });
              for (const p of snapshot.coverage.problems) expect(p.file).toBe(file);
              runChecks(snapshot, allChecks);
            } catch (e) {
              if (!isUserError(e)) throw e;
              expect(e.file).toBe(file);
              expect(e.message).not.toContain("\n");
            }
          }
        }),
        { numRuns: Math.ceil(RUNS / 4), ...SEED },
      );
    });
  });

  it("well-formed exports of known shapes are never refused", () => {
    fc.assert(
      fc.property(fc.array(kubeObject, { maxLength: 4 }), wellFormedAzureFiles, (objects, azure) => {
        const readable = Object.fromEntries(Object.entries(azure).filter(([, text]) => /"type": ?"Microsoft\.(ManagedIdentity|Authorization|ContainerService|KeyVault)/.test(text)));
        const snapshot = analyse({ "all.yaml": objects.map((o) => JSON.stringify(o)).join("\n---\n") }, readable);
        expect(snapshot).toBeDefined();
      }),
      { numRuns: Math.ceil(RUNS / 2), ...SEED },
    );
  });
});
