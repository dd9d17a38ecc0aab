/** A timeout as people read it: "800 ms", "30 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`.replace(".0 s", " s");
}
