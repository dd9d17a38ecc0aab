/**
 * JSON text with every object's keys sorted. A real apiserver decodes bodies into Go structs, so
 * the order a client wrote fields in never reaches storage; comparisons of stored values (is this
 * an update at all, did the pod template change) must not depend on it either.
 */
export function canonicalJson(v: unknown): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (typeof x !== "object" || x === null) return x;
    return Object.fromEntries(
      Object.entries(x as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, y]) => [k, sorted(y)]),
    );
  };
  return JSON.stringify(sorted(v));
}
