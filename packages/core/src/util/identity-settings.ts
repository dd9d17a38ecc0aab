import { parse } from "yaml";
import type { AppAuthenticationSettings, AzureJsonSettings } from "../model/config.js";
import { asRecord, asString, isRecord } from "./raw.js";

/** A key of `o` matched without case, as Go's encoding/json matches struct fields. */
function field(o: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function nonEmpty(v: unknown): string | undefined {
  const s = asString(v)?.trim();
  return s ? s : undefined;
}

/** The identity settings of an azure.json: JSON for external-dns, JSON or YAML for the cloud provider. */
export function azureJsonSettings(text: string): AzureJsonSettings {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    doc = undefined;
  }
  const o = asRecord(doc);
  const clientId = nonEmpty(field(o, "aadClientId"));
  const secret = nonEmpty(field(o, "aadClientSecret"));
  const userAssigned = nonEmpty(field(o, "userAssignedIdentityID"));
  const tenant = nonEmpty(field(o, "tenantId"));
  return {
    format: "azure.json",
    unreadable: !isRecord(doc),
    // a string "true" fails Go's decoding into a bool: only a real boolean switches a mode on
    useWorkloadIdentityExtension: field(o, "useWorkloadIdentityExtension") === true,
    useManagedIdentityExtension: field(o, "useManagedIdentityExtension") === true,
    ...(userAssigned ? { userAssignedIdentityID: userAssigned } : {}),
    ...(clientId ? { aadClientId: clientId } : {}),
    // "msi" is the placeholder that AKS writes for clusters without a service principal
    clientSecretSet: secret !== undefined && secret.toLowerCase() !== "msi" && clientId?.toLowerCase() !== "msi",
    ...(tenant ? { tenantId: tenant } : {}),
  };
}

/** The settings of an AppAuthentication connection string (`Key=Value;...`, keys without case). */
export function appAuthenticationSettings(text: string): AppAuthenticationSettings {
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    parts.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const get = (k: string) => parts.get(k.toLowerCase()) || undefined;
  const certificate = ["CertificateThumbprint", "CertificateSubjectName", "KeyVaultCertificateSecretIdentifier"].some((k) => get(k) !== undefined);
  return {
    format: "app-authentication",
    runAs: get("RunAs"),
    appId: get("AppId"),
    tenantId: get("TenantId"),
    credential: get("AppKey") !== undefined ? "secret" : certificate ? "certificate" : "none",
    developerTool: get("DeveloperTool"),
  };
}
