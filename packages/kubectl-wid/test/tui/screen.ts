import { Writable } from "node:stream";

// CSI sequences, OSC strings, line controls, or a run of printable text.
const TOKEN = /\u001b\[([?>=<]?)([0-9;]*)([A-Za-z])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[78]|\r|\n|[^\u001b\r\n]+/g;

/**
 * The text a terminal shows after receiving `bytes`: enough of a VT100 to replay what Ink writes
 * (cursor up and down, column, erase line and below, carriage return; colours dropped). Lines
 * have no width limit, and `\n` also returns the cursor, as a terminal with `onlcr` does.
 */
export function screen(bytes: string): string {
  const lines: string[] = [""];
  let row = 0;
  let col = 0;
  const line = () => lines[row] ?? "";
  const set = (text: string) => {
    while (lines.length <= row) lines.push("");
    lines[row] = text;
  };
  for (const m of bytes.matchAll(TOKEN)) {
    const [token, privateMark, params = "", command] = m;
    if (token === "\r") col = 0;
    else if (token === "\n") {
      row++;
      col = 0;
      set(line());
    } else if (command !== undefined) {
      if (privateMark) continue;
      const n = Number(params.split(";")[0] || 0);
      switch (command) {
        case "A":
          row = Math.max(0, row - (n || 1));
          break;
        case "B":
          row += n || 1;
          set(line());
          break;
        case "G":
          col = (n || 1) - 1;
          break;
        case "K":
          set(n === 2 ? "" : n === 1 ? " ".repeat(col) + line().slice(col) : line().slice(0, col));
          break;
        case "J":
          set(line().slice(0, col));
          lines.length = row + 1;
          break;
        case "H":
          row = 0;
          col = 0;
          break;
        default:
          // Colours (m) and modes change nothing on the screen's text.
          break;
      }
    } else if (!token.startsWith("\u001b")) {
      const current = line().padEnd(col);
      set(current.slice(0, col) + token + current.slice(col + token.length));
      col += token.length;
    }
  }
  while (lines.length > 1 && lines.at(-1)!.trimEnd() === "") lines.pop();
  return lines.map((l) => l.trimEnd()).join("\n");
}

/** A terminal's stdout and stderr for Ink, recording what both write, in order. */
export function fakeTerminal({ columns = 100, rows = 30 } = {}) {
  let bytes = "";
  const stream = () =>
    Object.assign(
      new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          bytes += chunk.toString();
          done();
        },
      }),
      { isTTY: true, columns, rows },
    ) as unknown as NodeJS.WriteStream;
  return { stdout: stream(), stderr: stream(), bytes: () => bytes };
}
