import { closeSync, openSync } from "node:fs";
import { isatty, ReadStream } from "node:tty";

/** Where the interactive doctor reads keys: the terminal, whatever standard input is. */
export interface Keyboard {
  stream: NodeJS.ReadStream;
  /** Lets the terminal go (a /dev/tty opened here is closed; stdin is left open). */
  close(): void;
}

/**
 * Standard input when it is the terminal; otherwise (manifests piped in with `-f -`) the
 * controlling terminal, /dev/tty, as `less` and `fzf` do. Undefined when there is none (no
 * controlling terminal, or a system without /dev/tty): the doctor then prints its report.
 */
export function openKeyboard(stdin: NodeJS.ReadableStream, devTty = "/dev/tty"): Keyboard | undefined {
  const s = stdin as NodeJS.ReadStream;
  if (s.isTTY === true && typeof s.setRawMode === "function") return { stream: s, close: () => s.pause() };
  try {
    const fd = openSync(devTty, "r");
    if (!isatty(fd)) {
      closeSync(fd);
      return undefined;
    }
    const stream = new ReadStream(fd);
    return { stream, close: () => stream.destroy() };
  } catch {
    return undefined;
  }
}
