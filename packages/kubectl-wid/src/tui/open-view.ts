import type { Io } from "../io.js";
import type { Style } from "../output/style.js";
import type { ViewKind } from "./choose-view.js";
import { plainView } from "./plain-view.js";
import type { ReportView } from "./report-view.js";
import { stderrLineView } from "./stderr-line-view.js";

/** The process's own streams, which the interactive view draws on. */
export interface Terminal {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export function processTerminal(): Terminal {
  return { stdout: process.stdout, stderr: process.stderr };
}

/** Opens the view chosen; Ink and React load here, and only for the interactive ones. */
export async function openView(kind: ViewKind, io: Io, terminal: Terminal, style: Style, docsUrl?: string): Promise<ReportView> {
  switch (kind) {
    case "browse": {
      const { openKeyboard } = await import("./keyboard.js");
      const keyboard = openKeyboard(io.stdin);
      // no terminal to read keys from: the progress line and the printed report
      if (!keyboard) return openView("interactive", io, terminal, style);
      const { doctorSession } = await import("./doctor-session.js");
      return doctorSession({ stdout: terminal.stdout, stderr: terminal.stderr, keyboard, style, docsUrl });
    }
    case "interactive": {
      const { interactiveView } = await import("./interactive-view.js");
      return interactiveView({ stdout: terminal.stdout, stderr: terminal.stderr, style });
    }
    case "stderr-line":
      return stderrLineView(io, { columns: terminal.stderr.columns ?? 80 });
    case "plain":
      return plainView(io);
  }
}
