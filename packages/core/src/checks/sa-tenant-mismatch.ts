import { defineCheck } from "./types.js";

export const saTenantMismatch = defineCheck({
  meta: {
    id: "sa-tenant-mismatch",
    severity: "error",
    data: ["M","A"],
    title: "The tenant-id differs from the identity's tenant",
    condition: "`tenant-id` annotation (or webhook default) differs from the identity's tenant; or is present but empty",
    symptom: "AADSTS700016 / env not injected",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
