/** Where kubectl wid runs, in the names krew's platform selectors use (GOOS/GOARCH). */
export interface Platform {
  os: string;
  arch: string;
}

export interface Runtime {
  /** "node", or "bun" for the builds whose platform has no Node.js single executable. */
  name: "node" | "bun";
  version: string;
  /** The Node.js version whose APIs the runtime provides (Bun reports one). */
  nodeVersion: string;
  /** Whether the runtime and wid are one released executable rather than a script on a Node.js install. */
  singleExecutable: boolean;
}

const OS: Record<string, string> = { win32: "windows" };
const ARCH: Record<string, string> = { x64: "amd64", ia32: "386", arm: "arm" };

export function platform(): Platform {
  return { os: OS[process.platform] ?? process.platform, arch: ARCH[process.arch] ?? process.arch };
}

export function runtime(): Runtime {
  const bun = (process.versions as Record<string, string | undefined>)["bun"];
  if (bun !== undefined) {
    // A compiled Bun executable serves its entry from an embedded file system ($bunfs, or B:/~BUN on Windows).
    const main = (globalThis as { Bun?: { main?: string } }).Bun?.main ?? "";
    return { name: "bun", version: bun, nodeVersion: process.versions.node, singleExecutable: /\$bunfs|~BUN/.test(main) };
  }
  return { name: "node", version: process.versions.node, nodeVersion: process.versions.node, singleExecutable: isSea() };
}

function isSea(): boolean {
  const sea = process.getBuiltinModule?.("node:sea") as { isSea?: () => boolean } | undefined;
  return sea?.isSea?.() === true;
}
