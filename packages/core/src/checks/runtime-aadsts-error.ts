import { defineCheck } from "./types.js";

export const runtimeAadstsError = defineCheck({
  meta: {
    id: "runtime-aadsts-error",
    severity: "error",
    data: ["R"],
    title: "Logs or events hold an Entra ID (AADSTS) error",
    condition: "recent container logs or events hold an AADSTS code or an Azure SDK identity error; the finding names the code, quotes the line, and links it to the check above that explains it (parse issuer/subject/audience out of AADSTS70021 and diff them against the FICs)",
    symptom: "the error itself",
    description: `Most workload identity mistakes end in an Entra ID error code in the application's log: AADSTS70021
or 700211/700213 (no federated credential matches the token's issuer, subject or audience), AADSTS700016
(the client id or tenant is wrong), AADSTS90061 (the issuer cannot be reached), AADSTS70023 (a token that
lives too long, such as the default ServiceAccount token), AADSTS700024 (an expired token file read once
and cached), AADSTS70011 (a scope that does not end in \`/.default\`), AADSTS50005 (conditional access), or
the Azure SDK's "ManagedIdentityCredential ... has not been assigned" when the pod was never mutated.

This check is meant to read recent container logs and events, name the code, quote the line, and link it
to the check that explains it; for AADSTS70021 it would parse the assertion's issuer, subject and audience
from the message and compare them with the identity's federated credentials. It needs runtime evidence and
is not implemented in this version of wid; run \`kubectl wid doctor\` with Azure exports to find the same
causes from the configuration.

Fix: follow the check the code points to (\`fic-*\` for 70021/7002xx, \`sa-client-id-*\` and
\`sa-tenant-mismatch\` for 700016, \`cluster-issuer-unreachable\` for 90061, \`pod-default-token-used\` for
70023).`,
    messages: {},
    needs: ["runtime.logs"],
    fixable: false,
  },
});
