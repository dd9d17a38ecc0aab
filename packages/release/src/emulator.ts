import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { Target } from "./targets.js";

/** How to run a program built for another Linux architecture here: qemu-user and that architecture's C library. */
export interface Emulator {
  command: string;
  /** Arguments that come before the program. */
  args: string[];
}

const QEMU: Partial<Record<Target["arch"], { binaries: string[]; sysroot: string; loader: string }>> = {
  arm64: { binaries: ["qemu-aarch64", "qemu-aarch64-static"], sysroot: "/usr/aarch64-linux-gnu", loader: "lib/ld-linux-aarch64.so.1" },
};

/** The Debian packages that provide what `emulatorFor` looks for. */
export const QEMU_DEBIAN_PACKAGES = ["qemu-user", "libc6-arm64-cross", "libstdc++6-arm64-cross", "libatomic1-arm64-cross", "libgcc-s1-arm64-cross"];

/**
 * An emulator for a Linux target of another architecture than this machine's, or why there is
 * none. A target this machine runs natively needs no emulator (`{ emulator: undefined }`).
 */
export function emulatorFor(target: Pick<Target, "os" | "arch">): { emulator?: Emulator; missing?: string } {
  const host = process.arch === "x64" ? "amd64" : process.arch;
  if (process.platform !== "linux" || target.os !== "linux") return { missing: `${target.os}/${target.arch} executables do not run on ${process.platform}` };
  if (target.arch === host) return {};
  const q = QEMU[target.arch];
  if (!q) return { missing: `no emulator is known for linux/${target.arch}` };
  const command = q.binaries.map(onPath).find((p) => p !== undefined);
  if (!command) return { missing: `qemu-user is not installed (${q.binaries.join(" or ")} not on PATH; Debian: apt-get install ${QEMU_DEBIAN_PACKAGES.join(" ")})` };
  if (!existsSync(join(q.sysroot, q.loader))) return { missing: `the ${target.arch} C library is not installed (${join(q.sysroot, q.loader)} is missing; Debian: apt-get install ${QEMU_DEBIAN_PACKAGES.slice(1).join(" ")})` };
  return { emulator: { command, args: ["-L", q.sysroot] } };
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}
