import { describe, expect, it } from "vitest";
import type { Location } from "@wid/core";
import { snapshot } from "../helpers/snapshot.js";

const SOURCE = `# Source: chart/templates/sa.yaml
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
`;

/** The text a location's range covers. */
const spanned = (l: Location | undefined) => SOURCE.slice(l!.range!.start.offset, l!.range!.end.offset);

describe("manifest positions", () => {
  it("locates fields in multi-document streams and List items, with the exact span of the key or value", () => {
    const s = snapshot({ manifests: { "a.yaml": SOURCE } });
    const [sa, dep] = s.objects;
    expect(sa!.origin!.helmSource).toBe("chart/templates/sa.yaml");
    expect(sa!.loc()).toMatchObject({ file: "a.yaml", line: 2, column: 1 });
    const clientId = sa!.loc(["metadata", "annotations", "azure.workload.identity/client-id"]);
    expect(clientId).toMatchObject({ file: "a.yaml", line: 8, column: 40, range: { start: { line: 8, column: 40 }, end: { line: 8, column: 44 } } });
    expect(spanned(clientId)).toBe("nope");
    const key = sa!.loc(["metadata", "annotations", "azure.workload.identity/client-id"], { key: true });
    expect(key).toMatchObject({ file: "a.yaml", line: 8, column: 5 });
    expect(spanned(key)).toBe("azure.workload.identity/client-id");
    expect(dep!.namespace).toBe("default");
    expect(dep!.namespaceDefaulted).toBe(true);
    expect(dep!.loc()).toMatchObject({ file: "a.yaml", line: 13, column: 5 });
    const label = dep!.loc(["spec", "template", "metadata", "labels", "app"]);
    expect(label).toMatchObject({ file: "a.yaml", line: 21, column: 18 });
    expect(spanned(label)).toBe("web");
    // a block map spans its entries, without the line break after them
    expect(spanned(dep!.loc(["spec", "template", "metadata", "labels"]))).toBe("app: web");
    // a missing field resolves to its deepest existing ancestor, whose first line is the range
    const missing = dep!.loc(["spec", "template", "spec", "serviceAccountName"]);
    expect(missing).toMatchObject({ file: "a.yaml", line: 19, column: 9, range: { start: { line: 19, column: 9 }, end: { line: 19, column: 18 } } });
    expect(spanned(missing)).toBe("metadata:");
  });

  it("counts offsets over CRLF line ends and quoted values", () => {
    const text = 'apiVersion: v1\r\nkind: ServiceAccount\r\nmetadata:\r\n  name: app\r\n  annotations:\r\n    azure.workload.identity/client-id: "x y"\r\n';
    const [sa] = snapshot({ manifests: { "crlf.yaml": text } }).objects;
    const l = sa!.loc(["metadata", "annotations", "azure.workload.identity/client-id"]);
    expect(text.slice(l!.range!.start.offset, l!.range!.end.offset)).toBe('"x y"');
    expect(l!.range).toMatchObject({ start: { line: 6, column: 40 }, end: { line: 6, column: 45 } });
  });
});
