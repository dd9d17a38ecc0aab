/**
 * Parses an integer the way Go's `strconv.ParseInt(s, 10, bits)` does (what the webhook uses):
 * an optional sign and decimal digits only, no spaces, no unit, within the signed range.
 */
export function parseGoInt(s: string, bits: 32 | 64): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  const limit = 1n << BigInt(bits - 1);
  return n >= -limit && n < limit ? n : undefined;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds meant by a duration such as `1h`, `90m` or `86400s`, for suggesting a fix. */
export function durationSeconds(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/i.exec(s);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()]!);
}
