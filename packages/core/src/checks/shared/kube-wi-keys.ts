import { editDistance } from "../../util/text.js";
import { WI } from "../../wi.js";

/** Annotations the webhook reads from the ServiceAccount. */
export const SA_ANNOTATIONS: readonly string[] = [WI.clientIdAnnotation, WI.tenantIdAnnotation, WI.tokenExpirationAnnotation];

/** Annotations the webhook reads from the pod. */
export const POD_ANNOTATIONS: readonly string[] = [
  WI.tokenExpirationAnnotation,
  WI.skipContainersAnnotation,
  WI.injectProxySidecarAnnotation,
  WI.proxySidecarPortAnnotation,
];

const ANNOTATIONS: readonly string[] = [...new Set([...SA_ANNOTATIONS, ...POD_ANNOTATIONS])];

const CANONICAL_PREFIX = "azure.workload.identity";

/** Prefixes people write instead of `azure.workload.identity/` (normalised: lower case, `-`/`_` as `.`). */
const WRONG_PREFIXES = new Set([
  "azure.workload.identity.io",
  "azure.workload.identity.com",
  "workload.identity.azure.com",
  "workload.identity.azure.io",
  "azure.com.workload.identity",
  "azure.identity",
  "azure.workload",
  "workload.identity",
]);

/** Other names people give the same settings, by canonical name (normalised). */
const ALIASES: Record<string, readonly string[]> = {
  "client-id": ["client", "app-id", "application-id", "identity-client-id", "managed-identity-client-id", "azure-client-id", "msi-client-id"],
  "tenant-id": ["tenant", "azure-tenant-id", "directory-id"],
  "service-account-token-expiration": [
    "token-expiration",
    "token-expiry",
    "expiration",
    "sa-token-expiration",
    "service-account-token-expiry",
    "serviceaccount-token-expiration",
    "token-expiration-seconds",
    "expiration-seconds",
  ],
  "skip-containers": ["skip-container", "skip", "exclude-containers"],
  "inject-proxy-sidecar": ["inject-proxy", "proxy-sidecar", "inject-sidecar", "proxy"],
  "proxy-sidecar-port": ["proxy-port", "sidecar-port"],
  use: ["used", "enabled", "enable", "use-workload-identity", "inject"],
};

/** `clientId`, `client_id`, `Client-ID ` all become `client-id`. */
function normaliseName(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[_.\s]+/g, "-")
    .replace(/-+/g, "-");
}

function normalisePrefix(prefix: string): string {
  return prefix.trim().toLowerCase().replace(/[-_]+/g, ".");
}

/** Splits a key into prefix and name; also `azure.workload.identity.client-id` (no slash). */
function split(key: string): [string, string] | undefined {
  const slash = key.lastIndexOf("/");
  if (slash >= 0) return [key.slice(0, slash), key.slice(slash + 1)];
  const flat = key.trim().toLowerCase().replace(/[-_]/g, ".");
  if (flat.startsWith(CANONICAL_PREFIX + ".")) return [key.slice(0, CANONICAL_PREFIX.length), key.slice(CANONICAL_PREFIX.length + 1)];
  return undefined;
}

function prefixLooksLikeWi(prefix: string): boolean {
  const p = normalisePrefix(prefix);
  return p === CANONICAL_PREFIX || WRONG_PREFIXES.has(p) || editDistance(p, CANONICAL_PREFIX, 3) <= 3;
}

function nameMeant(name: string, canonicalNames: readonly string[]): string | undefined {
  const n = normaliseName(name);
  for (const c of canonicalNames) if (n === c || ALIASES[c]?.includes(n)) return c;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of canonicalNames) {
    const max = c.length >= 20 ? 3 : c.length >= 8 ? 2 : 1;
    const d = editDistance(n, c, max);
    if (d <= max && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function meant(key: string, canonicalKeys: readonly string[]): string | undefined {
  const parts = split(key);
  if (!parts || !prefixLooksLikeWi(parts[0])) return undefined;
  const name = nameMeant(
    parts[1],
    canonicalKeys.map((k) => k.slice(WI.prefix.length)),
  );
  return name === undefined ? undefined : WI.prefix + name;
}

/**
 * The workload identity annotation a key stands for: itself when it is one, or the one it
 * misspells (`client_id`, `clientId`, a wrong prefix such as `azure.workload.identity.io/`).
 */
export function wiAnnotationMeant(key: string): { canonical: string; exact: boolean } | undefined {
  if (ANNOTATIONS.includes(key)) return { canonical: key, exact: true };
  const canonical = remember(annotationCache, key, () => meant(key, ANNOTATIONS) ?? null);
  return canonical === null ? undefined : { canonical, exact: false };
}

/** The same few keys recur on thousands of objects: their verdicts are kept, within a bound. */
const annotationCache = new Map<string, string | null>();
const labelCache = new Map<string, boolean>();
const CACHE_LIMIT = 4096;

function remember<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** A misspelling of the `azure.workload.identity/use` label key (never the key itself). */
export function isUseLabelTypo(key: string): boolean {
  return key !== WI.useLabel && remember(labelCache, key, () => meant(key, [WI.useLabel]) !== undefined);
}
