import { defineCheck } from "./types.js";

export const podNotMutated = defineCheck({
  meta: {
    id: "pod-not-mutated",
    severity: "error",
    data: ["K"],
    title: "A labelled pod was not mutated by the webhook",
    condition: "a running labelled pod lacks the injected env or token volume (created before label/annotation/webhook)",
    symptom: "needs a restart",
    description: "",
    messages: {},
    needs: ["cluster"],
  },
});
