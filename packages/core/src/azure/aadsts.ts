/**
 * What an Entra ID error code means for workload identity, and which checks find its cause in
 * the configuration (the AADSTS map of the check catalog).
 */
export interface AadstsMeaning {
  code: number;
  /** Short, for a report line. */
  meaning: string;
  /** Check ids whose findings explain it, most specific first. */
  checks: readonly string[];
}

const FIC_MATCH = ["fic-subject-mismatch", "fic-issuer-mismatch", "fic-audience-invalid", "fic-missing", "cluster-issuer-changed", "cluster-oidc-issuer-disabled", "fic-propagation"];
const CLIENT = ["sa-client-id-not-guid", "sa-client-id-is-principal-id", "sa-client-id-unknown", "sa-tenant-mismatch", "webhook-tenant-config"];
const ISSUER = ["cluster-issuer-unreachable", "cluster-oidc-issuer-disabled"];

const MEANINGS: readonly AadstsMeaning[] = [
  { code: 70021, meaning: "no federated credential matches the token's issuer, subject and audience", checks: FIC_MATCH },
  { code: 700211, meaning: "no federated credential has the token's issuer", checks: FIC_MATCH },
  { code: 700213, meaning: "no federated credential has the token's subject", checks: FIC_MATCH },
  { code: 7002138, meaning: "no federated credential has the token's subject", checks: FIC_MATCH },
  { code: 700016, meaning: "no application (identity) with this client id in this tenant", checks: CLIENT },
  { code: 90002, meaning: "the tenant does not exist", checks: ["sa-tenant-mismatch", "webhook-tenant-config"] },
  { code: 90061, meaning: "Entra ID could not fetch the issuer's discovery document or keys", checks: ISSUER },
  { code: 50166, meaning: "Entra ID could not fetch the issuer's keys", checks: ISSUER },
  { code: 700027, meaning: "the token's signature does not verify with the issuer's published keys", checks: ISSUER },
  { code: 70023, meaning: "the token lives longer than Entra ID accepts (a default ServiceAccount token)", checks: ["pod-default-token-used"] },
  { code: 700024, meaning: "the token is expired or not yet valid (a token file read once and cached, or clock skew)", checks: [] },
  { code: 70011, meaning: "the scope is not valid (it must end in /.default)", checks: [] },
  { code: 50005, meaning: "conditional access blocks the federated credential", checks: [] },
];

/** The meaning of an AADSTS code, when the catalog knows it. */
export function aadstsMeaning(code: number): AadstsMeaning | undefined {
  return MEANINGS.find((m) => m.code === code);
}

/** The first AADSTS code in a text (an error message, a log line). */
export function aadstsCodeIn(text: string): number | undefined {
  const m = /AADSTS(\d{5,8})\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}
