import type { CommandModule } from "yargs";
import { checksCommand } from "./checks.js";
import { doctorCommand } from "./doctor.js";
import { explainCommand } from "./explain.js";
import { versionCommand } from "./version.js";

/**
 * Every command of `kubectl wid`, in help order. A command module only declares its flags; its
 * handler is imported when the command runs, so `--help` stays fast.
 */
export const commands: readonly CommandModule<object, never>[] = [
  doctorCommand,
  // demo: `kubectl wid demo` goes here (demoCommand from ./demo.js), right after doctor.
  checksCommand,
  explainCommand,
  versionCommand,
] as unknown as readonly CommandModule<object, never>[];
