/**
 * Secrets never leave wid: every text a finding quotes passes `redactText`, which masks what looks
 * like a token, key or password and keeps enough to recognise it (its first characters and its
 * length). Names, GUIDs, resource ids, paths and URLs without credentials stay readable.
 */

const mask = (secret: string, keep = 4) => `${secret.slice(0, Math.min(keep, Math.floor(secret.length / 4)))}…<redacted, ${secret.length} chars>`;

/**
 * Each rule finds one kind of secret inside a longer text and masks the secret part only. `hint`
 * is a cheap test that must pass before the rule's regular expression runs: most texts hold none.
 */
const RULES: { hint: (t: string) => boolean; re: RegExp; replace: (m: string, ...groups: string[]) => string }[] = [
  // PEM private keys, whole
  {
    hint: (t) => t.includes("-----BEGIN"),
    re: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: (m, kind) => `-----BEGIN ${kind}PRIVATE KEY----- <redacted, ${m.length} chars>`,
  },
  // JSON Web Tokens (service account tokens, Entra ID tokens, client assertions)
  { hint: (t) => t.includes("eyJ"), re: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: (m) => mask(m, 6) },
  // Authorization headers
  { hint: (t) => /bearer|basic/i.test(t), re: /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/-]{8,}=*)/gi, replace: (_m, scheme, space, token) => `${scheme}${space}${mask(token)}` },
  // connection strings and key=value settings: AccountKey=, SharedAccessKey=, Password=, ...
  {
    hint: (t) => t.includes("=") || t.includes(":"),
    re: /\b(AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|AccessKey|AppKey|ClientSecret|client_secret|ApiKey|api-key|Secret|access_token|refresh_token|id_token|client_assertion)(\s*[=:]\s*)("?)([^;&"'\s,}]{4,})/gi,
    replace: (_m, key, sep, quote, value) => `${key}${sep}${quote}${mask(value)}`,
  },
  // SAS signatures in URLs and SAS tokens
  { hint: (t) => /sig=/i.test(t), re: /([?&]|\b)(sig=)([A-Za-z0-9%+/=_-]{8,})/gi, replace: (_m, lead, key, value) => `${lead}${key}${mask(value, 0)}` },
  // credentials in URLs: scheme://user:password@host
  { hint: (t) => t.includes("://") && t.includes("@"), re: /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*):([^@\s/]+)@/gi, replace: (_m, scheme, user, password) => `${scheme}${user}:${mask(password, 0)}@` },
  // Entra ID client secrets: three characters, a digit, "Q~", then 31-34 more
  { hint: (t) => t.includes("Q~"), re: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g, replace: (m) => mask(m) },
  // long runs of key characters with upper case, lower case and digits: base64 keys (storage
  // account keys, SAS signatures) and tokens (API keys, base64url); never a path
  { hint: (t) => t.length >= 32, re: /[A-Za-z0-9+/=_~.-]{32,}/g, replace: (m) => (looksLikeKey(m) ? mask(m) : m) },
];

const BASE64 = /^[A-Za-z0-9+][A-Za-z0-9+/]{39,}={0,2}$/;
const TOKEN = /^[A-Za-z0-9_~-][A-Za-z0-9_~.-]{31,}=*$/;

function looksLikeKey(run: string): boolean {
  if (!/[A-Z]/.test(run) || !/[a-z]/.test(run) || !/[0-9]/.test(run)) return false;
  return BASE64.test(run) || TOKEN.test(run);
}

/** `text` with every secret in it masked. */
export function redactText(text: string): string {
  // the shortest secret a rule finds, `Pwd=` and four characters, is 8 long
  if (text.length < 8) return text;
  let out = text;
  for (const rule of RULES) if (rule.hint(out)) out = out.replace(rule.re, rule.replace as (m: string, ...g: string[]) => string);
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
