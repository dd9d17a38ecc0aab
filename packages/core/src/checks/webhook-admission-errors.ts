import { defineCheck } from "./types.js";

export const webhookAdmissionErrors = defineCheck({
  meta: {
    id: "webhook-admission-errors",
    severity: "error",
    data: ["R"],
    title: "Pods are failing webhook admission",
    condition: "recent events say `failed calling webhook \"mutation.azure-workload-identity.io\"`, `must be unique`, timeouts on 9443",
    symptom: "pods not created",
    description: "",
    messages: {},
    needs: ["runtime"],
  },
});
