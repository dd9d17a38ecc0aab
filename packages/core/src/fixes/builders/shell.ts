/** Quotes a value for a POSIX shell when it needs it. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_./:@=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
