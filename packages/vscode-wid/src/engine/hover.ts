import { expectedSubject, toWorkload, podPath, WI, type KubeObject, type ManagedIdentity, type Path, type Range } from "@wid/core";
import type { Analysis } from "./engine.js";
import { remedy } from "./wording.js";

export interface HoverInfo {
  /** The value hovered, in the file's text. */
  range: Range;
  markdown: string;
}

const CLIENT_ID: Path = ["metadata", "annotations", WI.clientIdAnnotation];
const TENANT_ID: Path = ["metadata", "annotations", WI.tenantIdAnnotation];

function valueAt(o: KubeObject, path: Path): unknown {
  let v: unknown = o.raw;
  for (const seg of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** The range of the value at `path` when it is written in the object and holds `offset`. */
function rangeAt(o: KubeObject, path: Path, offset: number): Range | undefined {
  if (valueAt(o, path) === undefined) return undefined;
  const range = o.loc(path)?.range;
  return range && range.start.offset <= offset && offset <= range.end.offset ? range : undefined;
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function noAzure(analysis: Analysis): string | undefined {
  if (analysis.snapshot.coverage.available.has("azure.identities")) return undefined;
  const reason = { code: "missing-data" as const, data: "azure.identities" as const, gap: analysis.snapshot.coverage.gaps.get("azure.identities") ?? { code: "not-given" as const } };
  return `No Azure data: the identity cannot be looked up${remedy(reason) ? ` (${remedy(reason)})` : ""}.`;
}

function shortScope(scope: string): string {
  const parts = scope.split("/").filter(Boolean);
  if (parts.length <= 2) return scope;
  // .../providers/Microsoft.KeyVault/vaults/kv-x -> vaults/kv-x; .../resourceGroups/rg -> resource group rg
  const rg = parts.findIndex((p) => p.toLowerCase() === "resourcegroups");
  if (parts.length > rg + 2 && rg >= 0) return `${parts[parts.length - 2]}/${parts[parts.length - 1]}`;
  if (rg >= 0) return `resource group ${parts[rg + 1]}`;
  return `subscription ${parts[1]}`;
}

/** What the Azure data says about an identity, for the ServiceAccount (namespace/name) that names it. */
function identitySummary(analysis: Analysis, identity: ManagedIdentity, subject: string | undefined): string[] {
  const { index, snapshot } = analysis;
  const lines = [
    `**Managed identity ${code(identity.name)}**`,
    "",
    `| | |`,
    `|---|---|`,
    `| resource group | ${identity.resourceGroup ?? "?"} |`,
    `| subscription | ${identity.subscriptionId ?? "?"} |`,
    `| tenant | ${identity.tenantId} |`,
    `| client id | ${identity.clientId} |`,
    `| principal id | ${identity.principalId} |`,
    "",
  ];
  if (!snapshot.coverage.available.has("azure.federatedCredentials")) {
    lines.push("Federated credentials: not in the Azure data.");
  } else {
    const fics = index.ficsOf(identity);
    const matching = subject ? fics.filter((f) => f.subject === subject) : [];
    const issuer = index.cluster?.issuerUrl;
    lines.push(`Federated credentials: ${fics.length}${subject ? `, ${matching.length} for ${code(subject)}` : ""}`);
    for (const f of (matching.length ? matching : fics).slice(0, 5)) {
      const issuerNote = issuer === undefined ? "" : f.issuer === issuer ? " (the cluster's issuer)" : " (**not** the cluster's issuer)";
      lines.push(`- ${code(f.name)}: subject ${code(f.subject)}, issuer ${code(f.issuer)}${issuerNote}, audiences ${f.audiences.map(code).join(", ")}`);
    }
    if (subject && matching.length === 0) lines.push(`- none has the subject ${code(subject)}: tokens of this ServiceAccount are not accepted`);
  }
  if (snapshot.coverage.available.has("azure.roleAssignments")) {
    const assignments = index.assignmentsOf(identity.principalId);
    lines.push("", `Role assignments: ${assignments.length}`);
    for (const a of assignments.slice(0, 5)) lines.push(`- ${a.roleDefinitionName ?? index.roleDefinition(a.roleDefinitionId)?.roleName ?? a.roleDefinitionId} on ${code(shortScope(a.scope))}`);
    if (assignments.length > 5) lines.push(`- and ${assignments.length - 5} more`);
  }
  return lines;
}

function clientIdHover(analysis: Analysis, sa: KubeObject, value: string): string {
  const subject = expectedSubject(sa.namespace ?? "default", sa.name);
  const missing = noAzure(analysis);
  if (missing) return [`**Client id** ${code(value)}`, "", missing, "", `Tokens of this ServiceAccount have the subject ${code(subject)}.`].join("\n");
  const { index, snapshot } = analysis;
  const identity = index.identityByClientId(value.trim());
  if (identity) return identitySummary(analysis, identity, subject).join("\n");
  const byPrincipal = index.identityByPrincipalId(value.trim());
  if (byPrincipal) {
    return [`${code(value)} is the **principal (object) id** of managed identity ${code(byPrincipal.name)}, not its client id.`, "", `Its client id is ${code(byPrincipal.clientId)}.`].join("\n");
  }
  return `No managed identity with client id ${code(value)} in the Azure data (${snapshot.azure.identities.length} identities read).`;
}

function tenantHover(analysis: Analysis, sa: KubeObject, value: string): string {
  const clientId = valueAt(sa, CLIENT_ID);
  const identity = typeof clientId === "string" ? analysis.index.identityByClientId(clientId.trim()) : undefined;
  if (!identity) return `**Tenant** ${code(value)}${noAzure(analysis) ? `\n\n${noAzure(analysis)}` : ""}`;
  const same = identity.tenantId.toLowerCase() === value.trim().toLowerCase();
  return `**Tenant** ${code(value)}: ${same ? "the tenant" : `**not** the tenant (${code(identity.tenantId)})`} of managed identity ${code(identity.name)}.`;
}

function subjectHover(analysis: Analysis, namespace: string, serviceAccount: string): string {
  const subject = expectedSubject(namespace, serviceAccount);
  const lines = [`Tokens of ServiceAccount ${code(`${namespace}/${serviceAccount}`)} have the subject ${code(subject)}.`];
  const missing = noAzure(analysis);
  if (missing || !analysis.snapshot.coverage.available.has("azure.federatedCredentials")) {
    lines.push("", missing ?? "Federated credentials: not in the Azure data.");
    return lines.join("\n");
  }
  const fics = analysis.snapshot.azure.federatedCredentials.filter((f) => f.subject === subject);
  lines.push("", fics.length ? `Federated credentials with this subject: ${fics.map((f) => `${code(f.name)} of ${code(f.identityName)}`).join(", ")}` : "No federated credential has this subject.");
  const sa = analysis.index.serviceAccount(namespace, serviceAccount);
  const clientId = sa ? valueAt(sa, CLIENT_ID) : undefined;
  const identity = typeof clientId === "string" ? analysis.index.identityByClientId(clientId.trim()) : undefined;
  if (identity) lines.push("", ...identitySummary(analysis, identity, subject));
  return lines.join("\n");
}

/** What to show when the pointer rests at `offset` of `file`: identity facts for client ids, tenants and the names tokens are issued for. */
export function hoverAt(analysis: Analysis, file: string, offset: number): HoverInfo | undefined {
  for (const o of analysis.snapshot.objects) {
    if (o.origin?.file !== file) continue;
    if (o.kind === "ServiceAccount") {
      const clientRange = rangeAt(o, CLIENT_ID, offset);
      if (clientRange) return { range: clientRange, markdown: clientIdHover(analysis, o, String(valueAt(o, CLIENT_ID))) };
      const tenantRange = rangeAt(o, TENANT_ID, offset);
      if (tenantRange) return { range: tenantRange, markdown: tenantHover(analysis, o, String(valueAt(o, TENANT_ID))) };
      const nameRange = rangeAt(o, ["metadata", "name"], offset);
      if (nameRange) return { range: nameRange, markdown: subjectHover(analysis, o.namespace ?? "default", o.name) };
      continue;
    }
    const w = toWorkload(o);
    if (!w) continue;
    for (const field of ["serviceAccountName", "serviceAccount"]) {
      const range = rangeAt(o, podPath(w, "spec", field), offset);
      if (range) return { range, markdown: subjectHover(analysis, w.namespace, w.serviceAccountName) };
    }
  }
  return undefined;
}
