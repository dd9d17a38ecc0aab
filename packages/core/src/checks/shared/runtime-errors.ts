/**
 * What an application's log line or an event says about its Azure identity: an Entra ID
 * (AADSTS) error with what it quotes, or the Azure SDK saying it used the wrong credential.
 */
export type RuntimeError =
  | { kind: "aadsts"; code: number; issuer?: string; subject?: string; audience?: string; url?: string }
  /** The SDK asked the node's managed identity endpoint (IMDS) for a token. */
  | { kind: "managed-identity" }
  /** WorkloadIdentityCredential found no client id, tenant or token file. */
  | { kind: "not-configured"; missing?: string };

const AADSTS = /AADSTS(\d{5,8})\b/;
const QUOTED = (label: string) => new RegExp(`${label}:?\\s*'([^']*)'`, "i");
const ISSUER = QUOTED("Assertion Issuer");
const SUBJECT = QUOTED("Assertion Subject");
const AUDIENCE = QUOTED("Assertion Audience");
const ISSUER_700211 = /presented assertion issuer '([^']*)'/i;
const SUBJECT_700213 = /presented assertion subject '([^']*)'/i;
/** A URL in the line that is not Entra's own documentation or sign-in endpoint. */
const URL_RE = /https:\/\/[^\s'"<>)]+/g;
const NOT_ISSUER = /login\.microsoftonline|docs\.microsoft|learn\.microsoft|aka\.ms|login\.windows|management\.azure/;

const MANAGED_IDENTITY = [
  /ManagedIdentityCredential[^.]*(?:authentication (?:failed|unavailable)|has not been assigned|no managed identity endpoint|not available)/i,
  /requested identity has not been assigned to this resource/i,
  /No managed identity endpoint found/i,
  /\b169\.254\.169\.254\b[^\n]*(?:metadata\/identity|oauth2\/token)|(?:metadata\/identity|oauth2\/token)[^\n]*169\.254\.169\.254/i,
  /IMDS (?:endpoint|request)[^\n]*(?:fail|unavailable|timed? ?out|refused)/i,
];

const NOT_CONFIGURED = /WorkloadIdentityCredential[^\n]*(?:authentication unavailable|not fully configured|is unavailable)|(AZURE_CLIENT_ID|AZURE_TENANT_ID|AZURE_FEDERATED_TOKEN_FILE)[^\n]{0,40}(?:is not set|not set|missing|must be set|required)/i;

/** The first identity error a line holds, if any. */
export function classifyRuntimeLine(text: string): RuntimeError | undefined {
  const m = AADSTS.exec(text);
  if (m) {
    const code = Number(m[1]);
    const out: RuntimeError = { kind: "aadsts", code };
    const issuer = ISSUER.exec(text)?.[1] ?? ISSUER_700211.exec(text)?.[1];
    const subject = SUBJECT.exec(text)?.[1] ?? SUBJECT_700213.exec(text)?.[1];
    const audience = AUDIENCE.exec(text)?.[1];
    if (issuer !== undefined) out.issuer = issuer;
    if (subject !== undefined) out.subject = subject;
    if (audience !== undefined) out.audience = audience;
    const url = [...text.matchAll(URL_RE)].map((u) => u[0].replace(/[.,;]+$/, "")).find((u) => !NOT_ISSUER.test(u));
    if (url && out.issuer === undefined) out.url = url;
    return out;
  }
  if (MANAGED_IDENTITY.some((re) => re.test(text))) return { kind: "managed-identity" };
  const nc = NOT_CONFIGURED.exec(text);
  if (nc) return { kind: "not-configured", ...(nc[1] ? { missing: nc[1] } : {}) };
  return undefined;
}

/** What an AADSTS code means, in a few words, and the check that judges its cause. */
export const AADSTS_MEANING: Readonly<Record<number, { meaning: string; explainedBy?: string }>> = {
  70021: { meaning: "no federated credential matches the token's issuer, subject and audience", explainedBy: "fic-missing" },
  700211: { meaning: "no federated credential trusts the token's issuer", explainedBy: "fic-issuer-mismatch" },
  700212: { meaning: "no federated credential matches the token's audience", explainedBy: "fic-audience-invalid" },
  700213: { meaning: "no federated credential matches the token's subject", explainedBy: "fic-subject-mismatch" },
  700016: { meaning: "the client id names no application in the tenant", explainedBy: "sa-client-id-unknown" },
  90002: { meaning: "the tenant does not exist", explainedBy: "sa-tenant-mismatch" },
  90061: { meaning: "Entra ID could not read the cluster issuer's discovery document or keys", explainedBy: "cluster-issuer-unreachable" },
  50166: { meaning: "Entra ID could not read the cluster issuer's discovery document or keys", explainedBy: "cluster-issuer-unreachable" },
  501661: { meaning: "Entra ID could not read the cluster issuer's discovery document or keys", explainedBy: "cluster-issuer-unreachable" },
  7000272: { meaning: "the issuer's keys do not hold the key that signed the token", explainedBy: "cluster-issuer-unreachable" },
  50013: { meaning: "the token's signature does not verify with the issuer's keys", explainedBy: "cluster-issuer-unreachable" },
  70023: { meaning: "the token lives longer than Entra ID accepts (such as the default ServiceAccount token)", explainedBy: "pod-default-token-used" },
  700024: { meaning: "the client assertion (the token read from the token file) had expired" },
  50027: { meaning: "the client assertion is not a valid JWT (an empty or wrong token file)", explainedBy: "pod-hardcoded-token-path" },
  70011: { meaning: "the requested scope is invalid (a client credential scope must end in /.default)" },
  1002012: { meaning: "the requested scope is invalid (a client credential scope must end in /.default)" },
  50005: { meaning: "a conditional access policy blocks the federated credential" },
  53003: { meaning: "a conditional access policy blocks the sign-in" },
  7000215: { meaning: "an invalid client secret was sent: the application uses a secret, not workload identity" },
  7000218: { meaning: "neither a client assertion nor a secret was sent" },
};

/**
 * The Azure Identity libraries whose WorkloadIdentityCredential reads the token file again when
 * the kubelet has renewed it (an application that reads it once fails with AADSTS700024 after an hour).
 */
export const TOKEN_FILE_REREADERS = "Azure.Identity (.NET) 1.9.0+, azure-identity (Java) 1.9.0+, @azure/identity (JavaScript) 3.2.0+, azure-identity (Python) 1.13.0+, azidentity (Go) 1.3.0+";
