import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { KREW_API_VERSION, listArchive, TARGETS, validateKrewManifest, type DownloadedArchive } from "../../src/index.js";
import { fileInArchive } from "./helpers.js";

const built = inject("release");
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("the release folder", () => {
  it("holds an archive a platform, SHA256SUMS and wid.yaml, and the .vsix when the extension is in the checkout", () => {
    const files = readdirSync(built.outDir).sort();
    const expected = [
      ...TARGETS.map((t) => `kubectl-wid_v${built.version}_${t.os}_${t.arch}.${t.os === "windows" ? "zip" : "tar.gz"}`),
      "SHA256SUMS",
      "wid.yaml",
      ...("path" in built.vsix ? [basename(built.vsix.path)] : []),
    ].sort();
    expect(files).toEqual(expected);
  });

  it("SHA256SUMS lists every archive (and the .vsix) with its SHA-256, as sha256sum -c reads it", () => {
    const lines = readFileSync(join(built.outDir, "SHA256SUMS"), "utf8").trimEnd().split("\n");
    const published = readdirSync(built.outDir).filter((f) => f !== "SHA256SUMS" && f !== "wid.yaml").sort();
    expect(lines.map((l) => l.split("  ")[1]).sort()).toEqual(published);
    for (const line of lines) {
      const [hash, file] = line.split("  ");
      expect(hash, file).toBe(sha256(join(built.outDir, file!)));
    }
  });

  it("each archive holds the executable (executable by all) and the LICENSE, at its top level", async () => {
    const license = readFileSync(join(built.root, "LICENSE"), "utf8");
    expect(license).toMatch(/^MIT License/);
    for (const a of built.archives) {
      const bin = a.os === "windows" ? "kubectl-wid.exe" : "kubectl-wid";
      const entries = await listArchive(a.path);
      expect(entries.map((e) => e.name).sort(), a.file).toEqual(["LICENSE", bin]);
      expect(entries.find((e) => e.name === bin)!.mode, a.file).toBe(0o755);
      expect(entries.find((e) => e.name === bin)!.size, a.file).toBeGreaterThan(30 * 2 ** 20);
      expect((await fileInArchive(a.path, "LICENSE")).toString("utf8"), a.file).toBe(license);
    }
  });
});

describe("the krew manifest wid.yaml", () => {
  const text = readFileSync(join(built.outDir, "wid.yaml"), "utf8");
  const doc = parse(text) as { apiVersion: string; kind: string; metadata: { name: string }; spec: { version: string; shortDescription: string; platforms: { selector: { matchLabels: Record<string, string> }; uri: string; sha256: string; bin: string; files: { from: string; to: string }[] }[] } };

  it("passes krew's rules, each platform checked against the archive it downloads", async () => {
    const downloads = new Map<string, DownloadedArchive>();
    for (const p of doc.spec.platforms) {
      // The archive the uri names, as published in the release folder: its hash and files computed here.
      const file = join(built.outDir, basename(new URL(p.uri).pathname));
      downloads.set(p.uri, { sha256: sha256(file), files: (await listArchive(file)).filter((e) => !e.directory).map((e) => e.name) });
    }
    expect(validateKrewManifest(join(built.outDir, "wid.yaml"), text, downloads)).toEqual([]);
  });

  it("is a Plugin named wid at the release's version, with a one-line description and every platform", () => {
    expect(doc.apiVersion).toBe(KREW_API_VERSION);
    expect(doc.kind).toBe("Plugin");
    expect(doc.metadata.name).toBe("wid");
    expect(doc.spec.version).toBe(`v${built.version}`);
    expect(doc.spec.shortDescription).not.toMatch(/\n/);
    expect(doc.spec.platforms.map((p) => p.selector.matchLabels).sort((a, b) => `${a["os"]}${a["arch"]}`.localeCompare(`${b["os"]}${b["arch"]}`))).toEqual(
      TARGETS.map((t) => ({ os: t.os, arch: t.arch })).sort((a, b) => `${a.os}${a.arch}`.localeCompare(`${b.os}${b.arch}`)),
    );
  });

  it("downloads each platform's archive from the release URL template, with the archive's SHA-256", () => {
    for (const a of built.archives) {
      const p = doc.spec.platforms.find((x) => x.selector.matchLabels["os"] === a.os && x.selector.matchLabels["arch"] === a.arch)!;
      expect(p.uri).toBe(built.urlTemplate.replace("{version}", built.version).replace("{file}", a.file));
      expect(p.sha256).toBe(sha256(a.path));
      expect(p.bin).toBe(a.os === "windows" ? "kubectl-wid.exe" : "kubectl-wid");
    }
  });
});

describe("the VS Code extension package", () => {
  const vsix = built.vsix;
  if ("skipped" in vsix) {
    it.skip(`is not built: ${vsix.skipped}`, () => {});
    return;
  }
  it("is a .vsix (a zip) holding the extension's manifest", async () => {
    const manifest = JSON.parse((await fileInArchive(vsix.path, "extension/package.json")).toString("utf8")) as { name: string; version: string };
    expect(manifest.name).toBe("vscode-wid");
  });
});
