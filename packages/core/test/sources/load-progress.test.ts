import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUserError, loadOfflineSnapshot } from "@wid/core";
import { loadManifests, type LoadProgress } from "@wid/core/sources/manifests";
import { loadAzureExports } from "@wid/core/sources/azure-export";

const SA = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: prod\n`;
const CM = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ignored\n";
const identity = (name: string) => ({
  clientId: "3c2f9a51-7d4e-4b8a-9f61-2a0e5c7b1d93",
  id: `/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
  name,
  principalId: "8e0d4b7a-12c3-4f5e-a6b7-c8d9e0f1a2b3",
  tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  type: "Microsoft.ManagedIdentity/userAssignedIdentities",
});

let root: string;
const p = (...parts: string[]) => join(root, ...parts);
const write = (rel: string, content: string) => {
  const file = p(rel);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, content);
  return file;
};

/** A callback that records every report, and the reports themselves. */
function recorder(): { calls: LoadProgress[]; onProgress: (p: LoadProgress) => void } {
  const calls: LoadProgress[] = [];
  return { calls, onProgress: (p) => calls.push({ ...p }) };
}

const brief = (p: LoadProgress) => [p.phase, p.file.slice(root.length + 1), p.filesDone, p.files, p.objects];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "wid-progress-"));
  write("k8s/a.yaml", SA("a") + "---\n" + SA("b"));
  write("k8s/sub/c.yaml", SA("c"));
  write("k8s/secret.yaml", CM);
  write("azure/identities.json", JSON.stringify([identity("id-a"), identity("id-b")]));
  write("azure/more/identity.json", JSON.stringify(identity("id-c")));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("progress while loading manifests", () => {
  it("reports each file when it starts and when it is read, with the files listed up front and the objects kept so far", async () => {
    const { calls, onProgress } = recorder();
    await loadManifests([p("k8s")], { onProgress });
    expect(calls.map(brief)).toEqual([
      ["manifests", "k8s/a.yaml", 0, 3, 0],
      ["manifests", "k8s/a.yaml", 1, 3, 2],
      ["manifests", "k8s/secret.yaml", 1, 3, 2],
      ["manifests", "k8s/secret.yaml", 2, 3, 2],
      ["manifests", "k8s/sub/c.yaml", 2, 3, 2],
      ["manifests", "k8s/sub/c.yaml", 3, 3, 3],
    ]);
  });

  it("counts a file named twice once, and stdin as a file", async () => {
    const { calls, onProgress } = recorder();
    await loadManifests([p("k8s/a.yaml"), "-", p("k8s"), "-"], { onProgress, stdin: Readable.from([SA("piped")]) });
    // Two reports per file: when it starts and when it is read.
    const read = calls.filter((_, i) => i % 2 === 1);
    expect(read.map((c) => (c.file.startsWith(root) ? c.file.slice(root.length + 1) : c.file))).toEqual(["k8s/a.yaml", "<stdin>", "k8s/secret.yaml", "k8s/sub/c.yaml"]);
    expect(read.map((c) => c.filesDone)).toEqual([1, 2, 3, 4]);
    expect(new Set(calls.map((c) => c.files))).toEqual(new Set([4]));
    expect(calls.at(-1)).toMatchObject({ filesDone: 4, objects: 4 });
  });

  it("fails on a missing path before reading any file, so no file is reported", async () => {
    const { calls, onProgress } = recorder();
    const error = await loadManifests([p("k8s"), p("missing.yaml")], { onProgress }).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect(calls).toEqual([]);
  });

  it("keeps the order of input problems: an empty directory's warning sits between the files around it", async () => {
    mkdirSync(p("empty"), { recursive: true });
    const bad = write("bad/x.yaml", "a: [\n");
    const sink = await loadManifests([bad, p("empty"), write("bad/y.yaml", "b: [\n")]);
    expect(sink.problems.map((q) => q.file)).toEqual([bad, p("empty"), p("bad/y.yaml")]);
  });
});

describe("progress while loading Azure exports", () => {
  it("reports each export file with the Azure resources read so far", async () => {
    const { calls, onProgress } = recorder();
    await loadAzureExports([p("azure")], { onProgress });
    expect(calls.map(brief)).toEqual([
      ["azure", "azure/identities.json", 0, 2, 0],
      ["azure", "azure/identities.json", 1, 2, 2],
      ["azure", "azure/more/identity.json", 1, 2, 2],
      ["azure", "azure/more/identity.json", 2, 2, 3],
    ]);
  });
});

describe("progress of loadOfflineSnapshot", () => {
  it("reports the manifests phase, then the Azure phase, ending with every file read", async () => {
    const { calls, onProgress } = recorder();
    const s = await loadOfflineSnapshot({ manifests: [p("k8s")], azure: [p("azure")], onProgress });
    expect(calls.map((c) => c.phase)).toEqual([...Array(6).fill("manifests"), ...Array(4).fill("azure")]);
    expect(calls.filter((c) => c.phase === "manifests").at(-1)).toMatchObject({ filesDone: 3, files: 3, objects: s.objects.length });
    expect(calls.at(-1)).toMatchObject({ filesDone: 2, files: 2, objects: s.azure.identities.length });
  });

  it("loads the same snapshot with or without a callback", async () => {
    const inputs = { manifests: [p("k8s")], azure: [p("azure")], now: 1 };
    const plain = await loadOfflineSnapshot(inputs);
    const watched = await loadOfflineSnapshot({ ...inputs, onProgress: () => undefined });
    expect(watched.objects.map((o) => o.name)).toEqual(plain.objects.map((o) => o.name));
    expect(watched.azure).toEqual(plain.azure);
    expect(watched.coverage).toEqual(plain.coverage);
  });
});
