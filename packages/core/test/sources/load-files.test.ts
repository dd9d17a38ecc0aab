import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUserError, loadOfflineSnapshot, setting, type Snapshot, type UserError } from "@wid/core";
import { fileError, loadManifests, MANIFEST_INPUT } from "@wid/core/sources/manifests";
import { loadAzureExports } from "@wid/core/sources/azure-export";

const SA = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: prod\n`;
const IDENTITY = {
  clientId: "3c2f9a51-7d4e-4b8a-9f61-2a0e5c7b1d93",
  id: "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a",
  name: "id-a",
  principalId: "8e0d4b7a-12c3-4f5e-a6b7-c8d9e0f1a2b3",
  tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  type: "Microsoft.ManagedIdentity/userAssignedIdentities",
};

let root: string;
const p = (...parts: string[]) => join(root, ...parts);
const write = (rel: string, content: string | Uint8Array) => {
  const file = p(rel);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, content);
  return file;
};

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error("expected a UserError");
}

const names = (s: { objects: { name: string }[] }) => s.objects.map((o) => o.name);
const isRoot = process.getuid?.() === 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "wid-sources-"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("loadManifests", () => {
  it("walks directories recursively in name order, reading .yaml, .yml and .json and nothing else", async () => {
    write("tree/b.yaml", SA("b"));
    write("tree/a/z.yml", SA("az"));
    write("tree/a/y.json", JSON.stringify({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "ay", namespace: "prod" } }));
    write("tree/c.YAML", SA("c"));
    write("tree/notes.txt", SA("txt"));
    write("tree/chart.tgz", new Uint8Array([0x1f, 0x8b, 0, 0]));
    write("tree/node_modules/x.yaml", SA("nm"));
    write("tree/.git/x.yaml", SA("git"));
    const sink = await loadManifests([p("tree")]);
    expect(names(sink)).toEqual(["ay", "az", "b", "c"]);
    expect(sink.objects[0]!.origin!.file).toBe(p("tree/a/y.json"));
    expect(sink.problems).toEqual([]);
  });

  it("reads a file named explicitly whatever its extension, and a file named twice once", async () => {
    const f = write("explicit/manifest.txt", SA("t"));
    const sink = await loadManifests([f, f, p("explicit")]);
    expect(names(sink)).toEqual(["t"]);
  });

  it("follows symbolic links, and walks a directory reached twice (a link loop) once", async () => {
    write("links/real/a.yaml", SA("linked"));
    symlinkSync(p("links/real"), p("links/alias"));
    symlinkSync(p("links"), p("links/real/loop"));
    symlinkSync(p("links/missing"), p("links/dangling.yaml"));
    const sink = await loadManifests([p("links")]);
    expect(names(sink)).toEqual(["linked"]);
  });

  it("reads `-` from the stdin stream given", async () => {
    const sink = await loadManifests(["-"], { stdin: Readable.from([Buffer.from(SA("from-stdin"))]) });
    expect(names(sink)).toEqual(["from-stdin"]);
    expect(sink.objects[0]!.loc()).toMatchObject({ file: "<stdin>", line: 1, column: 1 });
  });

  it("reads a pipe, as `-f <(helm template ...)` passes it", async () => {
    const fifo = p("pipe");
    try {
      execFileSync("mkfifo", [fifo]);
    } catch {
      return expect.fail("mkfifo is needed for this test");
    }
    const writer = spawn("sh", ["-c", `printf '%s' "$0" > "$1"`, SA("piped"), fifo]);
    const closed = new Promise((r) => writer.on("close", r));
    const sink = await loadManifests([fifo]);
    await closed;
    expect(names(sink)).toEqual(["piped"]);
  });

  it("decodes UTF-16 with a BOM and drops a UTF-8 BOM", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SA("utf16"), "utf16le")]);
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SA("utf8bom"))]);
    const sink = await loadManifests([write("enc/u16.yaml", utf16), write("enc/u8.yaml", bom8)]);
    expect(names(sink)).toEqual(["utf16", "utf8bom"]);
  });

  it("warns about a directory with nothing to read", async () => {
    mkdirSync(p("empty"), { recursive: true });
    const sink = await loadManifests([p("empty")]);
    expect(sink.problems).toMatchObject([{ severity: "warning", file: p("empty") }]);
  });

  it("invalid YAML in one file is a problem; the other files are still read", async () => {
    const sink = await loadManifests([write("mixed/a.yaml", "a: [\n"), write("mixed/b.yaml", SA("fine"))]);
    expect(names(sink)).toEqual(["fine"]);
    expect(sink.problems).toMatchObject([{ severity: "error", file: p("mixed/a.yaml") }]);
  });
});

describe("unreadable input names the path, and never costs the rest of the run", () => {
  it("a missing path", async () => {
    const e = await rejection(loadManifests([p("nope.yaml")]));
    expect(e.file).toBe(p("nope.yaml"));
    expect(e.message).toBe(`${p("nope.yaml")}: no such file or directory`);
    expect(e.hint).toContain(setting("manifests"));
  });

  it("a binary file, and invalid UTF-8: input problems, while the other files are read", async () => {
    const sink = await loadManifests([
      write("bin/logo.yaml", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
      write("bin/latin1.yaml", Buffer.from("name: caf\xe9\n", "latin1")),
      write("bin/fine.yaml", SA("fine")),
    ]);
    expect(names(sink)).toEqual(["fine"]);
    expect(sink.problems).toMatchObject([
      { severity: "error", file: p("bin/logo.yaml"), message: "binary file, not Kubernetes manifests (YAML or JSON)", skipped: true },
      { severity: "error", file: p("bin/latin1.yaml"), hint: expect.stringMatching(/UTF-8/) },
    ]);
  });

  it("decodes UTF-16 without a byte order mark, in either byte order", async () => {
    const le = Buffer.from(SA("le"), "utf16le");
    const be = Buffer.from(SA("be"), "utf16le").swap16();
    const sink = await loadManifests([write("enc2/le.yaml", le), write("enc2/be.yaml", be)]);
    expect(sink.problems).toEqual([]);
    expect(names(sink)).toEqual(["le", "be"]);
  });

  it("says which entries of a directory it cannot read: a link to a device, a link loop, a link to nothing", async () => {
    write("devlinks/fine.yaml", SA("fine"));
    symlinkSync("/dev/zero", p("devlinks/zero.yaml"));
    symlinkSync("self.yaml", p("devlinks/self.yaml"));
    symlinkSync("gone.yaml", p("devlinks/dangling.yaml"));
    const sink = await loadManifests([p("devlinks")]);
    expect(names(sink)).toEqual(["fine"]);
    expect(sink.problems).toMatchObject([
      { severity: "warning", file: p("devlinks/dangling.yaml"), message: "skipped: a symbolic link to nothing", skipped: true },
      { severity: "error", file: p("devlinks/self.yaml"), message: "a symbolic link loop; not read", skipped: true },
      { severity: "warning", file: p("devlinks/zero.yaml"), message: "skipped: a character device (through a symbolic link)", skipped: true },
    ]);
  });

  it("an endless text stream is cut off with an error, not read until memory runs out", async () => {
    const line = Buffer.from("y\n".repeat(2 ** 19));
    async function* endless() {
      for (;;) yield line;
    }
    const e = await rejection(loadManifests(["-"], { stdin: Readable.from(endless()) }));
    expect(e.message).toMatch(/^<stdin>: larger than \d+ MiB$/);
  });

  it("a device that never ends is refused at its first bytes", async () => {
    const sink = await loadManifests(["/dev/zero"]);
    expect(sink.problems).toMatchObject([{ severity: "error", file: "/dev/zero", message: expect.stringMatching(/binary file/) }]);
  });

  it.skipIf(isRoot)("a file without read permission", async () => {
    const f = write("perm/secret.yaml", SA("x"));
    chmodSync(f, 0o000);
    const sink = await loadManifests([f]);
    expect(sink.problems).toMatchObject([{ severity: "error", file: f, message: "permission denied" }]);
  });

  it("errors of the file system get one line and a hint (root may read anything, so they are made up here)", () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(fileError("/x", err("EACCES"), MANIFEST_INPUT).message).toBe("/x: permission denied");
    expect(fileError("/x", err("ENOTDIR"), MANIFEST_INPUT).hint).toContain(setting("manifests"));
    expect(fileError("/x", err("ELOOP"), MANIFEST_INPUT).message).toBe("/x: too many levels of symbolic links");
    expect(fileError("/x", err("EIO"), MANIFEST_INPUT).message).toBe("/x: cannot read (EIO)");
  });

  it("`-` without a stdin stream, or with a terminal", async () => {
    expect((await rejection(loadManifests(["-"]))).hint).toMatch(/pipe/);
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    expect((await rejection(loadManifests(["-"], { stdin: tty }))).message).toMatch(/terminal/);
  });

  it("a missing Azure export path is an error; a binary one a problem", async () => {
    expect((await rejection(loadAzureExports([p("none.json")]))).hint).toContain(setting("azureExports"));
    expect((await loadAzureExports([write("az/bin.json", new Uint8Array([1, 0, 2]))])).problems).toMatchObject([{ severity: "error", file: p("az/bin.json") }]);
  });

  it("names a field of the wrong type, with its line, the type found and the type wanted", async () => {
    const text = JSON.stringify([{ id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x", name: "x", type: "Microsoft.ManagedIdentity/userAssignedIdentities", tenantId: "t", principalId: "p", clientId: 42 }], null, 2);
    const out = await loadAzureExports([write("az/typed.json", text)]);
    expect(out.state.identities).toEqual([]);
    expect(out.problems).toMatchObject([{ severity: "error", file: p("az/typed.json"), line: 8, column: 5, message: expect.stringMatching(/clientId is a number; wanted a string/) }]);
  });
});

describe("loadOfflineSnapshot", () => {
  let s: Snapshot;
  beforeAll(async () => {
    write("offline/k8s/sa.yaml", SA("app"));
    write("offline/k8s/values.yaml", "replicaCount: 2\n");
    write("offline/k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: azure-wi-webhook-config\n  namespace: kube-system\ndata:\n  AZURE_TENANT_ID: t\n");
    write("offline/azure/identities.json", JSON.stringify([IDENTITY], null, 2));
    write("offline/azure/fics-id-a.json", "[]");
    write("offline/azure/ignored.txt", "not read");
    s = await loadOfflineSnapshot({
      manifests: [p("offline/k8s"), "-"],
      azure: [p("offline/azure")],
      stdin: Readable.from([SA("piped").replace("namespace: prod\n", "")]),
      defaultNamespace: "team",
      now: 1_700_000_000_000,
      options: { clusterName: "aks-prod" },
    });
  });

  it("assembles objects, Azure state, coverage, time and options", () => {
    expect(s.objects.map((o) => `${o.kind} ${o.namespace}/${o.name}`)).toEqual(["ConfigMap kube-system/azure-wi-webhook-config", "ServiceAccount prod/app", "ServiceAccount team/piped"]);
    expect(s.azure.identities.map((i) => [i.name, i.origin])).toEqual([["id-a", { file: p("offline/azure/identities.json"), line: 2, column: 3 }]]);
    expect([...s.coverage.available].sort()).toEqual(["azure.federatedCredentials", "azure.identities", "kube", "webhook-config"]);
    expect(s.now).toBe(1_700_000_000_000);
    expect(s.options).toEqual({ clusterName: "aks-prod" });
  });

  it("reports input problems with their file, info for what is not Kubernetes", () => {
    expect(s.coverage.problems).toMatchObject([{ severity: "info", file: p("offline/k8s/values.yaml"), line: 1, column: 1 }]);
  });

  it("has no data keys when no input of a kind is given", async () => {
    const none = await loadOfflineSnapshot({ manifests: [], azure: [] });
    expect(none.coverage.available.size).toBe(0);
    expect(none.objects).toEqual([]);
  });
});

describe("inputs that hold nothing", () => {
  it("an empty stdin or explicitly named file is a warning", async () => {
    const sink = await loadManifests(["-", write("nothing/empty.yaml", "\n")], { stdin: Readable.from([]) });
    expect(sink.problems).toMatchObject([
      { severity: "warning", file: "<stdin>" },
      { severity: "warning", file: p("nothing/empty.yaml") },
    ]);
  });

  it("manifests that yield no object at all leave the Kubernetes checks not run, with the reason", async () => {
    const s = await loadOfflineSnapshot({ manifests: [write("nothing/broken.yaml", "a: [\n")] });
    expect(s.coverage.available.has("kube")).toBe(false);
    expect(s.coverage.gaps.get("kube")).toEqual({ code: "nothing-read" });
    const onlyOthers = await loadOfflineSnapshot({ manifests: [write("nothing/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")] });
    expect(onlyOthers.coverage.available.has("kube")).toBe(true);
  });
});
