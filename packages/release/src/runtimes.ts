import type { Target } from "./targets.js";

/**
 * The runtimes put inside the executables, from the npm registry, pinned by version and
 * integrity. Node.js 26.10.0 is the one version the registry serves for all four Node.js targets
 * (linux x64 and arm64, macOS x64, Windows x64), and 26 is the first line whose single
 * executables run an ES module entry with a code cache. The registry's Node.js for macOS on
 * Apple silicon stops at 18.9: that target gets Bun.
 */
export const NODE_VERSION = "26.10.0";
export const BUN_VERSION = "1.4.4";

export interface RuntimePackage {
  name: string;
  version: string;
  /** npm's dist.integrity of the tarball: a download that differs is refused. */
  integrity: string;
  /** The executable inside the unpacked tarball. */
  binary: string;
}

const node = (platform: string, integrity: string, exe = "bin/node"): RuntimePackage => ({ name: `node-${platform}`, version: NODE_VERSION, integrity, binary: `package/${exe}` });
const bun = (platform: string, integrity: string): RuntimePackage => ({ name: `@oven/bun-${platform}`, version: BUN_VERSION, integrity, binary: "package/bin/bun" });

const NODE: Record<string, RuntimePackage> = {
  "linux/amd64": node("linux-x64", "sha512-OmAztarr1gK4PD+sNyoku4N5Q40d8eqMuLjNa/zRvxF33aCsVKVIQLs4V5HYPWSWWlMiTdkmbZE/6Phigma0hw=="),
  "linux/arm64": node("linux-arm64", "sha512-idArV/cmqW9M9ODyGlbOIiyxFourDh1mJB0SdKCdMbSZjjef9CLEN3o1/eE4yf+B0+5BD+F74MpTTHiB3XXTBQ=="),
  "darwin/amd64": node("darwin-x64", "sha512-tR3FX20zCnXJeYvVCZ+ROiA9bHyFVHpges6RoPqtWMTQ4oY2KBcCXlTmcxFZ8w8uApF0IEXIduRPDmAFyxtZ2w=="),
  "windows/amd64": node("win-x64", "sha512-GCIKoDIOUTgULKxFNlfumjEmEgIpBB/7csJ11w6WbFcC/dyZ9UH2YAFr1fuNsdEmPZOAVpT2Cv9QKPwluhOCIQ==", "bin/node.exe"),
};

const BUN: Record<string, RuntimePackage> = {
  "linux/amd64": bun("linux-x64", "sha512-CHbbkmHVM28T1GFq+6GL4Ao4ujwwYwj1CxFFwEFzLanPfNsId9AhbIP0Q4reWuWBkGimUkoQygrK7Rgjtj3vog=="),
  "linux/arm64": bun("linux-aarch64", "sha512-ZTVtpf9zmHSBVPX1sBwe5agGb/rN34yPGg/Hby8e2Ax2uCUA2URZKlZH7qLntK7qaFJCMXh9v0GWNYN2zINz1w=="),
  "darwin/amd64": bun("darwin-x64", "sha512-oKGcxLsvh4oHjAo28nPm8c/xN0o/OmGyj1IHYc94vprkWsW2hNg2keEZt5f40cI5Hvu4jDlSRTR0UNpv1UIAxw=="),
  "darwin/arm64": bun("darwin-aarch64", "sha512-zW/hxwc8sJAILGwB5eTC4i48ouGXf0V4lrxmEOk3JIE6JkYVW1TZh1E2pIempqsezgW1sckTIIDudFON8bJ2Mw=="),
};

/** The Node.js package for a platform, or undefined when the release pins none for it. */
export function nodePackage(p: Pick<Target, "os" | "arch">): RuntimePackage | undefined {
  return NODE[`${p.os}/${p.arch}`];
}

export function bunPackage(p: Pick<Target, "os" | "arch">): RuntimePackage | undefined {
  return BUN[`${p.os}/${p.arch}`];
}
