/**
 * Secrets never leave wid: every text a finding quotes passes `redactText`, which masks what looks
 * like a token, key or password and keeps enough to recognise it (its first characters and its
 * length). Names, GUIDs, resource ids, paths and URLs without credentials stay readable.
 */

const mask = (secret: string, keep = 4) => `${secret.slice(0, Math.min(keep, Math.floor(secret.length / 4)))}…<redacted, ${secret.length} chars>`;

/** Each rule finds one kind of secret inside a longer text and masks the secret part only. */
const RULES: { name: string; re: RegExp; replace: (m: string, ...groups: string[]) => string }[] = [
  // PEM private keys, whole
  {
    name: "private key",
    re: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: (m, kind) => `-----BEGIN ${kind}PRIVATE KEY----- <redacted, ${m.length} chars>`,
  },
  // JSON Web Tokens (service account tokens, Entra ID tokens, client assertions)
  { name: "JWT", re: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: (m) => mask(m, 6) },
  // Authorization headers
  { name: "bearer token", re: /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/-]{8,}=*)/gi, replace: (_m, scheme, space, token) => `${scheme}${space}${mask(token)}` },
  // connection strings and key=value settings: AccountKey=, SharedAccessKey=, Password=, ...
  {
    name: "connection-string secret",
    re: /\b(AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|AccessKey|AppKey|ClientSecret|client_secret|ApiKey|api-key|Secret|access_token|refresh_token|id_token|client_assertion)(\s*[=:]\s*)("?)([^;&"'\s,}]{4,})/gi,
    replace: (_m, key, sep, quote, value) => `${key}${sep}${quote}${mask(value)}`,
  },
  // SAS signatures in URLs and SAS tokens
  { name: "SAS signature", re: /([?&]|\b)(sig=)([A-Za-z0-9%+/=_-]{8,})/gi, replace: (_m, lead, key, value) => `${lead}${key}${mask(value, 0)}` },
  // credentials in URLs: scheme://user:password@host
  { name: "URL credentials", re: /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*):([^@\s/]+)@/gi, replace: (_m, scheme, user, password) => `${scheme}${user}:${mask(password, 0)}@` },
  // Entra ID client secrets: three characters, a digit, "Q~", then 31-34 more
  { name: "client secret", re: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g, replace: (m) => mask(m) },
  // base64 keys (storage account keys, SAS signatures): long runs with upper case, lower case and digits
  {
    name: "base64 key",
    re: /(?<![A-Za-z0-9+/=_~.-])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[0-9])[A-Za-z0-9+][A-Za-z0-9+/]{39,}={0,2}(?![A-Za-z0-9+/=_~.-])/g,
    replace: (m) => mask(m),
  },
  // token characters without a slash (API keys, base64url): long runs with upper case, lower case and digits
  {
    name: "token",
    re: /(?<![A-Za-z0-9+/=_~.-])(?=[A-Za-z0-9_~.-]*[A-Z])(?=[A-Za-z0-9_~.-]*[a-z])(?=[A-Za-z0-9_~.-]*[0-9])[A-Za-z0-9_~-][A-Za-z0-9_~.-]{31,}=*(?![A-Za-z0-9+/=_~.-])/g,
    replace: (m) => mask(m),
  },
];

/** `text` with every secret in it masked. */
export function redactText(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.re, rule.replace as (m: string, ...g: string[]) => string);
  return out;
}

/** Whether `text` holds something `redactText` masks. */
export function holdsSecret(text: string): boolean {
  return redactText(text) !== text;
}

/** A value with every string in it (keys of maps included) redacted; other values as they are. */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[redactText(k)] = redactDeep(v);
    return out as T;
  }
  return value;
}

/**
 * What a finding may quote of a whole value a user wrote: the value itself, unless it holds a
 * token or a secret, which wid never prints.
 */
export function redactSecret(value: string): string {
  return redactText(value);
}
