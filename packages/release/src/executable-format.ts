import { createHash } from "node:crypto";

/** What an executable's headers say it is, in krew's platform names. */
export interface ExecutableFormat {
  format: "elf" | "mach-o" | "pe";
  os: "linux" | "darwin" | "windows";
  arch: string;
  /** ELF: the dynamic loader it asks for (PT_INTERP). */
  interpreter?: string;
  /** PE: the Windows subsystem (3 = console: kubectl's plugins write to the terminal). */
  subsystem?: number;
  /** Mach-O: the file type (2 = an executable). */
  fileType?: number;
}

const ELF_MACHINE: Record<number, string> = { 0x3e: "amd64", 0xb7: "arm64", 0x03: "386", 0x28: "arm" };
const MACHO_CPU: Record<number, string> = { 0x01000007: "amd64", 0x0100000c: "arm64" };
const PE_MACHINE: Record<number, string> = { 0x8664: "amd64", 0xaa64: "arm64", 0x14c: "386" };

/** Reads the headers of a 64-bit little-endian ELF, Mach-O or PE executable; undefined for anything else. */
export function executableFormat(image: Buffer): ExecutableFormat | undefined {
  if (image.length < 64) return undefined;
  if (image.readUInt32BE(0) === 0x7f454c46) {
    // ELFCLASS64, little-endian
    if (image[4] !== 2 || image[5] !== 1) return undefined;
    const arch = ELF_MACHINE[image.readUInt16LE(18)] ?? `elf-machine-${image.readUInt16LE(18)}`;
    return { format: "elf", os: "linux", arch, ...elfInterpreter(image) };
  }
  if (image.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = image.readUInt32LE(4);
    return { format: "mach-o", os: "darwin", arch: MACHO_CPU[cpu] ?? `mach-o-cpu-${cpu.toString(16)}`, fileType: image.readUInt32LE(12) };
  }
  if (image.toString("latin1", 0, 2) === "MZ") {
    const pe = image.readUInt32LE(0x3c);
    if (pe + 24 + 70 > image.length || image.toString("latin1", pe, pe + 4) !== "PE\0\0") return undefined;
    const machine = image.readUInt16LE(pe + 4);
    return { format: "pe", os: "windows", arch: PE_MACHINE[machine] ?? `pe-machine-${machine.toString(16)}`, subsystem: image.readUInt16LE(pe + 24 + 68) };
  }
  return undefined;
}

function elfInterpreter(image: Buffer): { interpreter?: string } {
  const phoff = Number(image.readBigUInt64LE(32));
  const phentsize = image.readUInt16LE(54);
  const phnum = image.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (ph + 56 > image.length) break;
    if (image.readUInt32LE(ph) !== 3 /* PT_INTERP */) continue;
    const offset = Number(image.readBigUInt64LE(ph + 8));
    const size = Number(image.readBigUInt64LE(ph + 32));
    return { interpreter: image.toString("latin1", offset, offset + size).replace(/\0+$/, "") };
  }
  return {};
}

/** A Mach-O executable's code signature, checked the way the kernel checks pages: each hash in the CodeDirectory against the page it covers. */
export interface CodeSignature {
  /** An ad-hoc signature (no certificate): what Apple silicon needs at the least to run code. */
  adhoc: boolean;
  identifier: string;
  hashType: "sha256" | "sha1";
  pages: number;
  /** Pages whose hash does not match: any, and macOS kills the process. */
  badPages: number;
  /** Whether the signed range ends where the signature starts: nothing unsigned before it. */
  coversFile: boolean;
}

const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CS_ADHOC = 0x2;

/** The code signature of a 64-bit Mach-O, or undefined when it has none. */
export function machoCodeSignature(image: Buffer): CodeSignature | undefined {
  const ncmds = image.readUInt32LE(16);
  let off = 32;
  let dataoff: number | undefined;
  let datasize = 0;
  for (let i = 0; i < ncmds; i++) {
    const cmd = image.readUInt32LE(off);
    if (cmd === LC_CODE_SIGNATURE) {
      dataoff = image.readUInt32LE(off + 8);
      datasize = image.readUInt32LE(off + 12);
    }
    off += image.readUInt32LE(off + 4);
  }
  if (dataoff === undefined) return undefined;
  const blob = image.subarray(dataoff, dataoff + datasize);
  if (blob.readUInt32BE(0) !== CSMAGIC_EMBEDDED_SIGNATURE) return undefined;
  for (let i = 0; i < blob.readUInt32BE(8); i++) {
    const at = blob.readUInt32BE(16 + i * 8);
    if (blob.readUInt32BE(at) !== CSMAGIC_CODEDIRECTORY) continue;
    const cd = blob.subarray(at);
    const flags = cd.readUInt32BE(12);
    const hashOffset = cd.readUInt32BE(16);
    const identOffset = cd.readUInt32BE(20);
    const nCodeSlots = cd.readUInt32BE(28);
    const codeLimit = cd.readUInt32BE(32);
    const hashSize = cd[36]!;
    const hashType = cd[37] === 2 ? "sha256" : "sha1";
    const pageSize = 2 ** cd[39]!;
    let badPages = 0;
    for (let p = 0; p < nCodeSlots; p++) {
      const page = image.subarray(p * pageSize, Math.min((p + 1) * pageSize, codeLimit));
      const want = cd.subarray(hashOffset + p * hashSize, hashOffset + (p + 1) * hashSize);
      if (!createHash(hashType).update(page).digest().subarray(0, hashSize).equals(want)) badPages++;
    }
    return {
      adhoc: (flags & CS_ADHOC) !== 0,
      identifier: cd.toString("latin1", identOffset, cd.indexOf(0, identOffset)),
      hashType,
      pages: nCodeSlots,
      badPages,
      coversFile: codeLimit === dataoff && nCodeSlots === Math.ceil(codeLimit / pageSize),
    };
  }
  return undefined;
}

/** The fuse Node.js flips when a single executable application's blob is injected. */
export const NODE_SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** Whether a Node.js executable carries an injected application (its fuse flipped to 1). */
export function hasNodeSeaBlob(image: Buffer): boolean {
  return image.includes(`${NODE_SEA_FUSE}:1`);
}

/** A PE image's certificate table (its Authenticode signature), or undefined when it has none. */
export function peCertificateTable(image: Buffer): { offset: number; size: number } | undefined {
  const pe = image.readUInt32LE(0x3c);
  const optional = pe + 24;
  const directories = optional + (image.readUInt16LE(optional) === 0x20b ? 112 : 96);
  const offset = image.readUInt32LE(directories + 32);
  const size = image.readUInt32LE(directories + 36);
  return offset === 0 && size === 0 ? undefined : { offset, size };
}
