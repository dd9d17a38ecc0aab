import { describe, expect, inject, it } from "vitest";
import { executableFormat, hasNodeSeaBlob, machoCodeSignature, peCertificateTable } from "../../src/index.js";
import { fileInArchive } from "./helpers.js";

const built = inject("release");

/** Text of the CLI's usage: present in an executable only if wid's code is inside it. */
const WID_TEXT = "Find and fix Azure Workload Identity misconfigurations between Kubernetes and Azure.";

async function binary(os: string, arch: string): Promise<Buffer> {
  const a = built.archives.find((x) => x.os === os && x.arch === arch)!;
  return fileInArchive(a.path, os === "windows" ? "kubectl-wid.exe" : "kubectl-wid");
}

describe("the executables, by their headers (those that cannot run here are checked this way only)", () => {
  it("linux/amd64: a 64-bit x86-64 ELF for glibc's loader, a Node.js single executable with wid inside", async () => {
    const image = await binary("linux", "amd64");
    expect(executableFormat(image)).toEqual({ format: "elf", os: "linux", arch: "amd64", interpreter: "/lib64/ld-linux-x86-64.so.2" });
    expect(hasNodeSeaBlob(image)).toBe(true);
    expect(image.includes(WID_TEXT)).toBe(true);
  });

  it("linux/arm64: a 64-bit AArch64 ELF for glibc's loader, a Node.js single executable with wid inside", async () => {
    const image = await binary("linux", "arm64");
    expect(executableFormat(image)).toEqual({ format: "elf", os: "linux", arch: "arm64", interpreter: "/lib/ld-linux-aarch64.so.1" });
    expect(hasNodeSeaBlob(image)).toBe(true);
    expect(image.includes(WID_TEXT)).toBe(true);
  });

  it("darwin/amd64: an x86-64 Mach-O executable, a Node.js single executable, with no code signature left that no longer matches", async () => {
    const image = await binary("darwin", "amd64");
    expect(executableFormat(image)).toEqual({ format: "mach-o", os: "darwin", arch: "amd64", fileType: 2 });
    expect(hasNodeSeaBlob(image)).toBe(true);
    expect(image.includes(WID_TEXT)).toBe(true);
    // Intel Macs run unsigned executables; a signature whose pages no longer match would be killed.
    const signature = machoCodeSignature(image);
    if (signature) expect(signature.badPages).toBe(0);
  });

  it("darwin/arm64: an arm64 Mach-O executable (Bun) with an ad-hoc code signature whose every page hash matches, as Apple silicon requires", async () => {
    const image = await binary("darwin", "arm64");
    expect(executableFormat(image)).toEqual({ format: "mach-o", os: "darwin", arch: "arm64", fileType: 2 });
    expect(image.includes(WID_TEXT)).toBe(true);
    const signature = machoCodeSignature(image);
    expect(signature).toMatchObject({ adhoc: true, hashType: "sha256", badPages: 0, coversFile: true });
    expect(signature!.pages).toBeGreaterThan(1000);
  });

  it("windows/amd64: an x86-64 PE console executable, a Node.js single executable, without the Authenticode signature of the unmodified node.exe", async () => {
    const image = await binary("windows", "amd64");
    expect(executableFormat(image)).toEqual({ format: "pe", os: "windows", arch: "amd64", subsystem: 3 });
    expect(hasNodeSeaBlob(image)).toBe(true);
    expect(image.includes(WID_TEXT)).toBe(true);
    expect(peCertificateTable(image)).toBeUndefined();
  });

  it("tells apart what is not an executable of these kinds", () => {
    expect(executableFormat(Buffer.from("#!/usr/bin/env node\n".padEnd(128, " ")))).toBeUndefined();
    expect(executableFormat(Buffer.alloc(16))).toBeUndefined();
  });
});
