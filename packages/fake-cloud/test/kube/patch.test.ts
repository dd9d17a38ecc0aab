import { describe, expect, it } from "vitest";
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from "../../src/kube/patch.js";
import { StatusError } from "../../src/kube/status.js";

const deployment = () => ({
  metadata: { name: "web", labels: { app: "web" }, finalizers: ["a"] },
  spec: {
    template: {
      spec: {
        containers: [
          { name: "web", image: "nginx:1", env: [{ name: "A", value: "1" }], ports: [{ containerPort: 80 }] },
          { name: "log", image: "fluent:1" },
        ],
        volumes: [{ name: "cfg", configMap: { name: "cfg" } }],
        tolerations: [{ key: "x", operator: "Exists" }],
      },
    },
  },
});

describe("strategic merge patch", () => {
  it("merges containers, env and ports by their keys and replaces lists without one", () => {
    const out = applyStrategicMergePatch(deployment(), {
      spec: {
        template: {
          spec: {
            containers: [{ name: "web", env: [{ name: "B", value: "2" }], ports: [{ containerPort: 443 }] }],
            tolerations: [{ key: "y", operator: "Exists" }],
          },
        },
      },
    }) as any;
    const spec = out.spec.template.spec;
    expect(spec.containers.map((c: any) => c.name)).toEqual(["web", "log"]);
    expect(spec.containers[0].env).toEqual([{ name: "A", value: "1" }, { name: "B", value: "2" }]);
    expect(spec.containers[0].ports).toEqual([{ containerPort: 80 }, { containerPort: 443 }]);
    expect(spec.tolerations).toEqual([{ key: "y", operator: "Exists" }]);
  });

  it("honours $patch delete and replace, null, $setElementOrder and $deleteFromPrimitiveList", () => {
    const out = applyStrategicMergePatch(deployment(), {
      metadata: { labels: { app: null, tier: "front" }, "$deleteFromPrimitiveList/finalizers": ["a"] },
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "log" }, { name: "web" }],
            containers: [{ name: "web", $patch: "delete" }, { name: "sidecar", image: "s:1" }],
            volumes: [{ $patch: "replace" }, { name: "secrets", secret: { secretName: "s" } }],
          },
        },
      },
    }) as any;
    expect(out.metadata.labels).toEqual({ tier: "front" });
    expect(out.metadata.finalizers).toEqual([]);
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(["log", "sidecar"]);
    expect(out.spec.template.spec.volumes).toEqual([{ name: "secrets", secret: { secretName: "s" } }]);
  });
});

describe("JSON merge patch", () => {
  it("replaces lists whole and removes keys set to null", () => {
    const out = applyMergePatch(deployment(), { metadata: { labels: { app: null, x: "1" } }, spec: { template: { spec: { containers: [{ name: "only", image: "i" }] } } } }) as any;
    expect(out.metadata.labels).toEqual({ x: "1" });
    expect(out.spec.template.spec.containers).toEqual([{ name: "only", image: "i" }]);
  });
});

describe("JSON patch", () => {
  it("adds, replaces, removes, moves, copies and tests, with ~1 escapes", () => {
    const out = applyJsonPatch(deployment(), [
      { op: "add", path: "/metadata/annotations", value: {} },
      { op: "add", path: "/metadata/annotations/azure.workload.identity~1client-id", value: "id" },
      { op: "replace", path: "/spec/template/spec/containers/0/image", value: "nginx:2" },
      { op: "remove", path: "/spec/template/spec/containers/1" },
      { op: "add", path: "/spec/template/spec/containers/-", value: { name: "tail" } },
      { op: "copy", from: "/metadata/labels/app", path: "/metadata/labels/copy" },
      { op: "move", from: "/metadata/labels/copy", path: "/metadata/labels/moved" },
      { op: "test", path: "/metadata/name", value: "web" },
    ]) as any;
    expect(out.metadata.annotations).toEqual({ "azure.workload.identity/client-id": "id" });
    expect(out.metadata.labels).toEqual({ app: "web", moved: "web" });
    expect(out.spec.template.spec.containers.map((c: any) => c.image ?? c.name)).toEqual(["nginx:2", "tail"]);
  });

  it("fails with a 422 Status on a missing path or a failed test", () => {
    for (const ops of [[{ op: "remove", path: "/metadata/labels/none" }], [{ op: "test", path: "/metadata/name", value: "other" }]]) {
      try {
        applyJsonPatch(deployment(), ops);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(StatusError);
        expect((e as StatusError).status).toMatchObject({ code: 422, reason: "Invalid" });
      }
    }
  });
});
