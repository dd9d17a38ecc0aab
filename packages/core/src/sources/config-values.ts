import type { IdentitySettings } from "../model/config.js";
import { appAuthenticationSettings, azureJsonSettings } from "../util/identity-settings.js";
import { isRecord } from "../util/raw.js";
import { WI } from "../wi.js";

/** Data keys whose value chooses an identity, and how to read it. */
const IDENTITY_VALUE_KEYS: Record<string, (text: string) => IdentitySettings> = {
  "azure.json": azureJsonSettings,
  AzureServicesAuthConnectionString: appAuthenticationSettings,
};

const IDENTITY_ENV: readonly string[] = Object.values(WI.env);

/**
 * A ConfigMap key that can become one of the variables the webhook injects, through `envFrom`
 * (with or without a `prefix`): pods that take the identity from a ConfigMap need no annotation.
 */
export function isIdentityEnvKey(key: string): boolean {
  return key !== "" && IDENTITY_ENV.some((name) => name.endsWith(key));
}

/** Whether the value of `key` in `section` of a Secret or ConfigMap is read at all (all others are dropped unread). */
export function keepsConfigValue(kind: string, section: string, key: string): boolean {
  return key in IDENTITY_VALUE_KEYS || (kind === "ConfigMap" && section === "data" && isIdentityEnvKey(key));
}

/** The sections of a Secret or ConfigMap that hold values, by key. */
const SECTIONS = ["data", "stringData", "binaryData"] as const;

export interface ReducedConfig {
  /** The object with each value replaced by `""`, but the identity variables of a ConfigMap. */
  raw: Record<string, unknown>;
  identitySettings: Record<string, IdentitySettings> | undefined;
}

/**
 * A Secret or ConfigMap as wid keeps it: its key names, no value (so that neither a credential
 * nor the size of a large ConfigMap is kept), except a ConfigMap's identity variables (a client id,
 * a tenant id) and, reduced to the settings that choose an identity, an `azure.json` or an
 * AppAuthentication connection string. The webhook's own ConfigMap is kept whole by the caller.
 */
export function reduceConfigObject(value: Record<string, unknown>): ReducedConfig {
  const secret = value["kind"] === "Secret";
  const raw: Record<string, unknown> = { ...value };
  let settings: Record<string, IdentitySettings> | undefined;
  for (const section of SECTIONS) {
    if (!(section in value)) continue;
    const entries = value[section];
    if (!isRecord(entries)) {
      delete raw[section];
      continue;
    }
    const kept: Record<string, string> = {};
    for (const [key, v] of Object.entries(entries)) {
      kept[key] = !secret && section === "data" && typeof v === "string" && isIdentityEnvKey(key) ? v : "";
      const read = IDENTITY_VALUE_KEYS[key];
      const text = typeof v === "string" ? (secret && section === "data" ? fromBase64(v) : section === "binaryData" ? fromBase64(v) : v) : undefined;
      if (read && text !== undefined) (settings ??= {})[key] = read(text);
    }
    raw[section] = kept;
  }
  return { raw, identitySettings: settings };
}

/** Base64 as Secrets hold it; undefined when it is not base64 (the API server would reject it). */
function fromBase64(v: string): string | undefined {
  const compact = v.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  return Buffer.from(compact, "base64").toString("utf8");
}
