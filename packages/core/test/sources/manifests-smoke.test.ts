import { describe, expect, it } from "vitest";
import { snapshot } from "../helpers/snapshot.js";

describe("manifest positions", () => {
  it("locates fields in multi-document streams and List items", () => {
    const s = snapshot({
      manifests: {
        "a.yaml": `# Source: chart/templates/sa.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: nope
---
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        metadata:
          labels:
            app: web
`,
      },
    });
    const [sa, dep] = s.objects;
    expect(sa!.origin!.helmSource).toBe("chart/templates/sa.yaml");
    expect(sa!.loc()).toEqual({ file: "a.yaml", line: 2, column: 1 });
    expect(sa!.loc(["metadata", "annotations", "azure.workload.identity/client-id"])).toEqual({ file: "a.yaml", line: 8, column: 40 });
    expect(sa!.loc(["metadata", "annotations", "azure.workload.identity/client-id"], { key: true })).toEqual({ file: "a.yaml", line: 8, column: 5 });
    expect(dep!.namespace).toBe("default");
    expect(dep!.namespaceDefaulted).toBe(true);
    expect(dep!.loc()).toEqual({ file: "a.yaml", line: 13, column: 5 });
    expect(dep!.loc(["spec", "template", "metadata", "labels", "app"])).toEqual({ file: "a.yaml", line: 21, column: 18 });
    // a missing field resolves to its deepest existing ancestor
    expect(dep!.loc(["spec", "template", "spec", "serviceAccountName"])).toEqual({ file: "a.yaml", line: 19, column: 9 });
  });
});
