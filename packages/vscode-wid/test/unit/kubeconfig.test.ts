import { describe, expect, it } from "vitest";
import { kubeContexts } from "../../src/engine/kubeconfig.js";

describe("kubeContexts", () => {
  it("lists the contexts with their clusters' servers and the current one", () => {
    const text = `apiVersion: v1
kind: Config
clusters:
  - name: aks
    cluster: { server: https://aks.example:443 }
contexts:
  - name: prod
    context: { cluster: aks, user: u, namespace: shop }
  - name: orphan
    context: { cluster: gone, user: u }
current-context: prod
users:
  - name: u
    user:
      exec: { command: kubelogin, apiVersion: client.authentication.k8s.io/v1 }
`;
    expect(kubeContexts(text)).toEqual({
      current: "prod",
      contexts: [
        { name: "prod", cluster: "aks", namespace: "shop", server: "https://aks.example:443" },
        { name: "orphan", cluster: "gone", namespace: undefined, server: undefined },
      ],
    });
  });

  it("reads an empty or odd file as having no context", () => {
    expect(kubeContexts("")).toEqual({ current: undefined, contexts: [] });
    expect(kubeContexts("contexts: 3")).toEqual({ current: undefined, contexts: [] });
  });
});
