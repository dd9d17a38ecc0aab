import { UserError } from "@wid/core";

/** A platform kubectl wid is released for, in the names krew's selectors use (GOOS/GOARCH). */
export interface Target {
  os: "linux" | "darwin" | "windows";
  arch: "amd64" | "arm64";
  /**
   * What runs wid inside the executable: a Node.js single executable application, or Bun where
   * the npm registry serves no Node.js of the release's line (macOS on Apple silicon).
   */
  runtime: "node" | "bun";
}

export const TARGETS: readonly Target[] = [
  { os: "linux", arch: "amd64", runtime: "node" },
  { os: "linux", arch: "arm64", runtime: "node" },
  { os: "darwin", arch: "amd64", runtime: "node" },
  { os: "darwin", arch: "arm64", runtime: "bun" },
  { os: "windows", arch: "amd64", runtime: "node" },
];

export function targetId(t: Pick<Target, "os" | "arch">): string {
  return `${t.os}/${t.arch}`;
}

/** The plugin's file name: kubectl finds plugins by this name on PATH. */
export function binName(t: Pick<Target, "os">): string {
  return t.os === "windows" ? "kubectl-wid.exe" : "kubectl-wid";
}

export function archiveName(t: Pick<Target, "os" | "arch">, version: string): string {
  return `kubectl-wid_v${version}_${t.os}_${t.arch}.${t.os === "windows" ? "zip" : "tar.gz"}`;
}

/** The platform this process runs on, as a target's os/arch, or undefined when wid has no such target. */
export function hostPlatform(): Pick<Target, "os" | "arch"> | undefined {
  const os = ({ linux: "linux", darwin: "darwin", win32: "windows" } as const)[process.platform as "linux" | "darwin" | "win32"];
  const arch = ({ x64: "amd64", arm64: "arm64" } as const)[process.arch as "x64" | "arm64"];
  return os && arch ? { os, arch } : undefined;
}

/** Parses `linux/amd64,darwin/arm64` into targets; throws on a name that is not one. */
export function selectTargets(spec: string | undefined): Target[] {
  if (spec === undefined || spec.trim() === "" || spec.trim() === "all") return [...TARGETS];
  const picked: Target[] = [];
  for (const id of spec.split(",").map((s) => s.trim()).filter(Boolean)) {
    const t = TARGETS.find((x) => targetId(x) === id);
    if (!t) throw new UserError(`unknown target "${id}"`, { hint: `one of ${TARGETS.map(targetId).join(", ")}` });
    if (!picked.includes(t)) picked.push(t);
  }
  return picked;
}
