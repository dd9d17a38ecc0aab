/** The keys of the interactive doctor, as `?` lists them (and the README's table). */
export const KEYS: readonly (readonly [string, string])[] = [
  ["↑ ↓  k j", "select the previous / next finding (in the detail: scroll)"],
  ["PgUp PgDn", "a page up / down"],
  ["Home End  g G", "the first / last finding"],
  ["Enter  →  l", "open the finding's detail: identity chain, evidence, docs"],
  ["←  Esc  h", "back to the list"],
  ["f", "preview the finding's fix; y applies it, any other key cancels"],
  ["/", "filter by check id, workload, namespace or message (Enter keeps it, Esc clears it)"],
  ["?", "these keys"],
  ["q  Ctrl-C", "quit (the exit status is the last run's)"],
];
