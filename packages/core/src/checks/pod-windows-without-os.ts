import { defineCheck } from "./types.js";

export const podWindowsWithoutOs = defineCheck({
  meta: {
    id: "pod-windows-without-os",
    severity: "error",
    data: ["M","K"],
    title: "A Windows pod lacks spec.os.name: windows",
    condition: "pod targets Windows nodes without `spec.os.name: windows`",
    symptom: "`chown ... not supported by windows`",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
