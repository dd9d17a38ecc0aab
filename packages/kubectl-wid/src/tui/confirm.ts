import { createInterface } from "node:readline/promises";
import { inCI } from "./choose-view.js";

/** Whether this run may ask the user: both ends on a terminal, not CI, not --no-tty. */
export function canAsk(opts: { tty: boolean; stdin: NodeJS.ReadableStream; stdoutIsTTY: boolean; env: NodeJS.ProcessEnv }): boolean {
  const stdinIsTTY = (opts.stdin as { isTTY?: boolean }).isTTY === true;
  return opts.tty && stdinIsTTY && opts.stdoutIsTTY && opts.env["TERM"] !== "dumb" && !inCI(opts.env);
}

/** Asks a yes/no question on the terminal; anything but y or yes (or Ctrl-D) is no. */
export async function confirm(question: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<boolean> {
  const rl = createInterface({ input, output, terminal: true });
  const closed = new Promise<string>((resolve) => rl.once("close", () => resolve("")));
  try {
    const answer = await Promise.race([rl.question(`${question} [y/N] `), closed]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Questions on the terminal through one reader, so that answers typed ahead are not lost between questions. */
export interface Prompter {
  /** The answer, trimmed; empty for Enter or Ctrl-D. */
  ask(question: string): Promise<string>;
  confirm(question: string): Promise<boolean>;
  close(): void;
}

export function createPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const rl = createInterface({ input, output, terminal: true });
  let closed = false;
  const gone = new Promise<string>((resolve) => rl.once("close", () => resolve("")));
  rl.once("close", () => (closed = true));
  const ask = async (question: string) => (closed ? "" : (await Promise.race([rl.question(question), gone])).trim());
  return {
    ask,
    confirm: async (question) => /^y(es)?$/i.test(await ask(`${question} [y/N] `)),
    close: () => rl.close(),
  };
}
