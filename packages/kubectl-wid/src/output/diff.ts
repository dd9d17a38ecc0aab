import { isAbsolute, relative, sep } from "node:path";
import { createTwoFilesPatch } from "diff";
import { redactText } from "@wid/core";
import type { Style } from "./style.js";

/**
 * A file's change as a unified diff (`--- a/FILE`, `+++ b/FILE`, three lines of context), as
 * `git diff` shows it and `patch -p1` applies it. Line ends are compared as written: a CRLF file
 * stays CRLF, so only the lines the fix touched differ. A line that holds a token or key is shown
 * masked, so the diff of a file with secrets in it is for reading, not for \`patch\`.
 */
export function unifiedDiff(file: string, before: string, after: string, style: Style, cwd?: string): string {
  const name = diffName(file, cwd);
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 });
  const lines = patch.split("\n");
  // the first line is jsdiff's "Index:" banner and the second a separator; git's format starts at ---
  const body = lines.slice(lines.findIndex((l) => l.startsWith("--- ")));
  return (
    body
      .map((l) => {
        // a line of the file may hold a secret next to what changes: it is shown masked, never as it is
        const shown = redactText(l.replace(/\r$/, ""));
        if (l.startsWith("+++") || l.startsWith("---")) return style("bold", shown);
        if (l.startsWith("@@")) return style("cyan", shown);
        if (l.startsWith("+")) return style("green", shown);
        if (l.startsWith("-")) return style("red", shown);
        return shown;
      })
      .join("\n")
      .trimEnd() + "\n"
  );
}

/** The path a diff names: relative to the working directory inside it, as git does; never `a//abs`. */
function diffName(file: string, cwd: string | undefined): string {
  if (!isAbsolute(file)) return file.split(sep).join("/");
  const rel = cwd !== undefined ? relative(cwd, file) : "";
  const name = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file.replace(/^[/\\]+/, "");
  return name.split(sep).join("/");
}
