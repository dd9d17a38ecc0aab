import type { CommandModule } from "yargs";
import { checksCommand } from "./checks.js";
import { demoCommand } from "./demo.js";
import { doctorCommand } from "./doctor.js";
import { explainCommand } from "./explain.js";
import { versionCommand } from "./version.js";

/**
 * Every command of `kubectl wid`, in help order. A command module only declares its flags; its
 * handler is imported when the command runs, so `--help` stays fast.
 */
export const commands: readonly CommandModule<object, never>[] = [
  doctorCommand,
  demoCommand,
  checksCommand,
  explainCommand,
  versionCommand,
] as unknown as readonly CommandModule<object, never>[];
