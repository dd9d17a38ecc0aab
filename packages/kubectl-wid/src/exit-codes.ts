/** Exit statuses of `kubectl wid`; scripts and CI pipelines rely on them. */
export const EXIT = {
  ok: 0,
  /** Findings at or above `--fail-on`. */
  findings: 1,
  /** Bad usage or unreadable input. */
  usage: 2,
  /** A bug in wid (EX_SOFTWARE of sysexits.h). */
  internal: 70,
} as const;
