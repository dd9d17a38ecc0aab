import type { CommandModule } from "yargs";
import { checksCommand } from "./checks/command.js";
import { demoCommand } from "./demo/command.js";
import { doctorCommand } from "./doctor/command.js";
import { explainCommand } from "./explain/command.js";
import { fixCommand } from "./fix/command.js";
import { setupCommand } from "./setup/command.js";
import { verifyCommand } from "./verify/command.js";
import { statusCommand } from "./status/command.js";
import { versionCommand } from "./version/command.js";

/**
 * Every command of `kubectl wid`, in help order. A command module only declares its flags; its
 * handler is imported when the command runs, so `--help` stays fast.
 */
export const commands: readonly CommandModule<object, never>[] = [
  doctorCommand,
  statusCommand,
  fixCommand,
  setupCommand,
  verifyCommand,
  demoCommand,
  checksCommand,
  explainCommand,
  versionCommand,
] as unknown as readonly CommandModule<object, never>[];
