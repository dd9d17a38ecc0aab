const JWT = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** A long run of the characters tokens and client secrets are made of, with no path or space in it. */
const SECRET_LIKE = /^[A-Za-z0-9+=_~.-]{40,}$/;

/**
 * What a finding may quote of a value a user wrote: the value itself, unless it looks like a
 * token or a secret, which wid never prints.
 */
export function redactSecret(value: string): string {
  const v = value.trim();
  if (JWT.test(v) || SECRET_LIKE.test(v)) return `<redacted: ${v.length} characters that look like a token or secret>`;
  return value;
}
