const FALSE_WORDS = new Set(["false", "no", "off", "0", "n", "disabled", "disable"]);

/**
 * Whether an `inject-proxy-sidecar` value says "off" (`"false"`, `"no"`, an unquoted `false`):
 * the webhook injects the proxy anyway, which proxy-annotation-false reports; problems of the
 * proxy itself then go away with the annotation.
 */
export function proxyMeantOff(raw: unknown): boolean {
  return raw === false || (typeof raw === "string" && FALSE_WORDS.has(raw.trim().toLowerCase()));
}
