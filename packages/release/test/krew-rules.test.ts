import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { install, krewManifest, manifestYaml, releaseUrl, selectorMatches, validateKrewManifest, type DownloadedArchive, type KrewManifest } from "../src/index.js";

const SHA = (c: string) => c.repeat(64);
const TEMPLATE = "https://github.com/example/wid/releases/download/v{version}/{file}";

function good(): KrewManifest {
  return krewManifest({
    version: "1.2.3",
    urlTemplate: TEMPLATE,
    archives: [
      { target: { os: "linux", arch: "amd64" }, file: "kubectl-wid_v1.2.3_linux_amd64.tar.gz", sha256: SHA("a") },
      { target: { os: "darwin", arch: "arm64" }, file: "kubectl-wid_v1.2.3_darwin_arm64.tar.gz", sha256: SHA("b") },
      { target: { os: "windows", arch: "amd64" }, file: "kubectl-wid_v1.2.3_windows_amd64.zip", sha256: SHA("c") },
    ],
  });
}

function downloads(m: KrewManifest): Map<string, DownloadedArchive> {
  return new Map(m.spec.platforms.map((p) => [p.uri, { sha256: p.sha256, files: [p.bin, "LICENSE"] }]));
}

/** The errors of a manifest changed by `edit` (on its parsed YAML), as "path: message". */
function errorsAfter(edit: (doc: any) => void, fileName = "wid.yaml", archives?: Map<string, DownloadedArchive>): string[] {
  const doc = parse(manifestYaml(good()));
  edit(doc);
  return validateKrewManifest(fileName, stringify(doc), archives)
    .filter((p) => p.severity === "error")
    .map((p) => `${p.path}: ${p.message}`);
}

describe("krew's rules for a plugin manifest", () => {
  it("accept the manifest the release writes, with its downloads, without a warning", () => {
    const m = good();
    expect(validateKrewManifest("dist/release/wid.yaml", manifestYaml(m), downloads(m))).toEqual([]);
    expect(m.spec.platforms.map((p) => p.uri)).toContain(releaseUrl(TEMPLATE, "1.2.3", "kubectl-wid_v1.2.3_windows_amd64.zip"));
    expect(m.spec.platforms[2]!.uri).toBe("https://github.com/example/wid/releases/download/v1.2.3/kubectl-wid_v1.2.3_windows_amd64.zip");
  });

  it.each([
    ["another apiVersion", (d: any) => (d.apiVersion = "krew.googlecontainertools.github.com/v1alpha1"), "apiVersion"],
    ["another kind", (d: any) => (d.kind = "Pod"), "kind"],
    ["a name that is not the file's", (d: any) => (d.metadata.name = "wid2"), "metadata.name"],
    ["no short description", (d: any) => delete d.spec.shortDescription, "spec.shortDescription"],
    ["a short description on two lines", (d: any) => (d.spec.shortDescription = "Find\nand fix"), "spec.shortDescription"],
    ["no version", (d: any) => delete d.spec.version, "spec.version"],
    ["a version without v", (d: any) => (d.spec.version = "1.2.3"), "spec.version"],
    ["a version that is not semver", (d: any) => (d.spec.version = "v1.2"), "spec.version"],
    ["a version with a leading zero", (d: any) => (d.spec.version = "v1.02.3"), "spec.version"],
    ["no platforms", (d: any) => (d.spec.platforms = []), "spec.platforms"],
    ["a platform without uri", (d: any) => delete d.spec.platforms[0].uri, "spec.platforms[0].uri"],
    ["a platform without sha256", (d: any) => delete d.spec.platforms[1].sha256, "spec.platforms[1].sha256"],
    ["an upper-case sha256", (d: any) => (d.spec.platforms[0].sha256 = SHA("A")), "spec.platforms[0].sha256"],
    ["a short sha256", (d: any) => (d.spec.platforms[0].sha256 = "abc"), "spec.platforms[0].sha256"],
    ["a platform without bin", (d: any) => delete d.spec.platforms[2].bin, "spec.platforms[2].bin"],
    ["empty files", (d: any) => (d.spec.platforms[0].files = []), "spec.platforms[0].files"],
    ["a file operation without to", (d: any) => delete d.spec.platforms[0].files[1].to, "spec.platforms[0].files[1].to"],
    ["a file operation to an unclean path", (d: any) => (d.spec.platforms[0].files[0].to = "./bin/"), "spec.platforms[0].files[0].to"],
    ["no selector", (d: any) => delete d.spec.platforms[0].selector, "spec.platforms[0].selector"],
    ["an empty selector", (d: any) => (d.spec.platforms[0].selector = {}), "spec.platforms[0].selector"],
    ["a selector key other than os and arch", (d: any) => (d.spec.platforms[0].selector.matchLabels.distro = "debian"), "spec.platforms[0].selector"],
    ["empty matchLabels beside expressions", (d: any) => (d.spec.platforms[0].selector = { matchLabels: {}, matchExpressions: [{ key: "os", operator: "In", values: ["linux"] }] }), "spec.platforms[0].selector.matchLabels"],
    ["a selector no supported platform satisfies", (d: any) => (d.spec.platforms[0].selector.matchLabels.os = "plan9"), "spec.platforms[0].selector"],
    ["two platforms selecting linux/amd64", (d: any) => (d.spec.platforms[1].selector = { matchExpressions: [{ key: "os", operator: "In", values: ["linux", "darwin"] }] }), "spec.platforms"],
  ])("reject %s", (_name, edit, path) => {
    const errors = errorsAfter(edit);
    expect(errors.length, errors.join("\n")).toBeGreaterThan(0);
    expect(errors.every((e) => e.startsWith(`${path}: `) || e.startsWith("spec.platforms")), errors.join("\n")).toBe(true);
    expect(errors.some((e) => e.startsWith(`${path}: `)), errors.join("\n")).toBe(true);
  });

  it("reject a file name that is not <name>.yaml, and names krew does not allow", () => {
    expect(errorsAfter(() => {}, "wid.yml")).toEqual(expect.arrayContaining([expect.stringMatching(/^\(file\): .*\.yaml/)]));
    expect(errorsAfter((d) => (d.metadata.name = "con"), "con.yaml")).toEqual([expect.stringMatching(/^\(file\): the plugin name "con" is not allowed/)]);
    expect(errorsAfter((d) => (d.metadata.name = "w.id"), "w.id.yaml")).toEqual([expect.stringMatching(/^\(file\): the plugin name "w\.id" is not allowed/)]);
  });

  it("check each download: its sha256, and that the files operations put bin into the install directory", () => {
    const m = good();
    const wrongSum = downloads(m);
    wrongSum.set(m.spec.platforms[0]!.uri, { sha256: SHA("f"), files: ["kubectl-wid", "LICENSE"] });
    expect(errorsAfter(() => {}, "wid.yaml", wrongSum)).toEqual([expect.stringMatching(/^spec\.platforms\[0\]\.sha256: does not match the archive/)]);

    const noBin = downloads(m);
    noBin.set(m.spec.platforms[2]!.uri, { sha256: SHA("c"), files: ["kubectl-wid", "LICENSE"] });
    expect(errorsAfter(() => {}, "wid.yaml", noBin)).toEqual([expect.stringMatching(/^spec\.platforms\[2\]\.files: no file in the archive matches "kubectl-wid\.exe"/)]);

    const binElsewhere = downloads(m);
    expect(errorsAfter((d) => (d.spec.platforms[0].files[0].to = "bin"), "wid.yaml", binElsewhere)).toEqual([expect.stringMatching(/^spec\.platforms\[0\]\.bin: "kubectl-wid" is not in the install directory/)]);
  });

  it("warn, as krew does, about lines longer than it likes", () => {
    const m = good();
    m.spec.shortDescription = "x ".repeat(40).trim();
    expect(validateKrewManifest("wid.yaml", manifestYaml(m))).toEqual([{ path: "spec.shortDescription", message: "a line is longer than 70 characters", severity: "warning" }]);
  });
});

describe("krew's installer, as the rules model it", () => {
  it("moves a named file to its base name, a glob's matches into a folder, and everything when there are no operations", () => {
    expect(install(["kubectl-wid", "LICENSE", "README.md"], [{ from: "kubectl-wid", to: "." }])).toEqual({ files: ["kubectl-wid"] });
    expect(install(["dist/kubectl-wid", "LICENSE"], [{ from: "dist/kubectl-wid", to: "wid" }])).toEqual({ files: ["wid"] });
    expect(install(["docs/a.md", "docs/b.md", "kubectl-wid"], [{ from: "docs/*.md", to: "doc" }, { from: "./kubectl-wid", to: "." }])).toEqual({ files: ["doc/a.md", "doc/b.md", "kubectl-wid"] });
    expect(install(["kubectl-wid", "LICENSE"], undefined)).toEqual({ files: ["LICENSE", "kubectl-wid"] });
    expect(install(["kubectl-wid"], [{ from: "../x", to: "." }])).toEqual({ error: expect.stringMatching(/leaves the archive/) });
  });

  it("matches selectors as Kubernetes does: labels, In, NotIn, Exists, DoesNotExist", () => {
    expect(selectorMatches({ matchLabels: { os: "linux", arch: "amd64" } }, "linux", "amd64")).toBe(true);
    expect(selectorMatches({ matchLabels: { os: "linux" } }, "darwin", "amd64")).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "os", operator: "In", values: ["linux", "darwin"] }] }, "darwin", "arm64")).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "arch", operator: "NotIn", values: ["arm64"] }] }, "darwin", "arm64")).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "os", operator: "Exists" }] }, "windows", "amd64")).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "os", operator: "DoesNotExist" }] }, "windows", "amd64")).toBe(false);
  });
});
