import { defineCheck } from "./types.js";

export const runtimeAadstsError = defineCheck({
  meta: {
    id: "runtime-aadsts-error",
    severity: "error",
    data: ["R"],
    title: "Logs or events hold an Entra ID (AADSTS) error",
    condition: "recent container logs or events hold an AADSTS code or an Azure SDK identity error; the finding names the code, quotes the line, and links it to the check above that explains it (parse issuer/subject/audience out of AADSTS70021 and diff them against the FICs)",
    symptom: "the error itself",
    description: "",
    messages: {},
    needs: ["runtime"],
  },
});
