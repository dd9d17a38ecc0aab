/**
 * Values of a repeatable flag that also takes comma-separated lists, as kubectl's slice flags do:
 * `--check a,b --check c` gives `[a, b, c]`. Empty items are dropped.
 */
export function listOption(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((v) => String(v).split(",")).map((s) => s.trim()).filter((s) => s !== "");
}
