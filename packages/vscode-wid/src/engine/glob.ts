/**
 * A glob of the settings (`legacy/**`, `*.yaml`, `{a,b}/*.yml`) as a regular expression over
 * paths relative to the workspace folder, with `/` between segments.
 */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slash = glob[i + 2] === "/";
        out += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "{") {
      depth++;
      out += "(?:";
    } else if (c === "}" && depth > 0) {
      depth--;
      out += ")";
    } else if (c === "," && depth > 0) out += "|";
    else out += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** The check ids `disabledInFiles` turns off for a file (its path relative to its workspace folder). */
export function disabledInFile(relativePath: string, disabledInFiles: Readonly<Record<string, readonly string[]>>): Set<string> {
  const out = new Set<string>();
  const path = relativePath.replace(/\\/g, "/");
  for (const [glob, ids] of Object.entries(disabledInFiles)) {
    if (!Array.isArray(ids)) continue;
    if (globToRegExp(glob.replace(/^\.\//, "")).test(path)) for (const id of ids) out.add(id);
  }
  return out;
}
