import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "../../src/world.js";
import { defaultScenario } from "../../src/scenario/default.js";
import { KUBECTL, kubectl } from "./helpers/kubectl.js";
import { kubeRequest } from "./helpers/raw.js";

const V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
const V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
/** What kubectl 1.32 sends to /api and /apis. */
const KUBECTL_ACCEPT = `${V2},${V2BETA1},application/json`;

describe("aggregated discovery (apidiscovery.k8s.io)", { timeout: 60_000 }, () => {
  let world: World;
  const get = (path: string, accept: string, extra: Record<string, string> = {}) => kubeRequest(world, "GET", path, undefined, undefined, { accept, ...extra });

  beforeAll(async () => {
    world = await startWorld(defaultScenario());
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it("answers kubectl's Accept with the v2 document, under its media type, and plain JSON with the legacy lists", async () => {
    const apis = await get("/apis", KUBECTL_ACCEPT);
    expect(apis.status).toBe(200);
    expect(apis.headers["content-type"]).toEqual([V2]);
    expect(apis.headers["vary"]).toEqual(["Accept"]);
    expect(apis.body).toMatchObject({ kind: "APIGroupDiscoveryList", apiVersion: "apidiscovery.k8s.io/v2", metadata: {} });
    const legacy = await get("/apis", "application/json, */*");
    expect(legacy.body.kind).toBe("APIGroupList");
    expect(apis.body.items.map((g: any) => g.metadata.name)).toEqual(legacy.body.groups.map((g: any) => g.name));
    const beta = await get("/api", V2BETA1);
    expect(beta.headers["content-type"]).toEqual([V2BETA1]);
    expect(beta.body.apiVersion).toBe("apidiscovery.k8s.io/v2beta1");
    // A client that prefers plain JSON gets plain JSON.
    expect((await get("/api", `application/json,${V2}`)).body.kind).toBe("APIVersions");
  });

  it("describes each resource as the legacy per-version lists do, with scopes, response kinds and subresources", async () => {
    const core = (await get("/api", V2)).body;
    expect(core.items).toHaveLength(1);
    expect(core.items[0].metadata).toEqual({ creationTimestamp: null });
    const v1 = core.items[0].versions[0];
    expect(v1).toMatchObject({ version: "v1", freshness: "Current" });
    const pods = v1.resources.find((r: any) => r.resource === "pods");
    expect(pods).toEqual({
      resource: "pods",
      responseKind: { group: "", version: "", kind: "Pod" },
      scope: "Namespaced",
      singularResource: "pod",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      shortNames: ["po"],
      categories: ["all"],
      subresources: [
        { subresource: "log", responseKind: { group: "", version: "", kind: "Pod" }, verbs: ["get"] },
        { subresource: "status", responseKind: { group: "", version: "", kind: "Pod" }, verbs: ["get", "patch", "update"] },
      ],
    });
    const sa = v1.resources.find((r: any) => r.resource === "serviceaccounts");
    expect(sa.subresources).toEqual([{ subresource: "token", responseKind: { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" }, verbs: ["create"] }]);
    expect(v1.resources.find((r: any) => r.resource === "namespaces").scope).toBe("Cluster");

    const apis = (await get("/apis", V2)).body;
    const apps = apis.items.find((g: any) => g.metadata.name === "apps");
    const deployments = apps.versions[0].resources.find((r: any) => r.resource === "deployments");
    expect(deployments.subresources).toContainEqual({ subresource: "scale", responseKind: { group: "autoscaling", version: "v1", kind: "Scale" }, verbs: ["get", "patch", "update"] });
    // A custom resource names its group and version, with the apiextensions verbs.
    const spc = apis.items.find((g: any) => g.metadata.name === "secrets-store.csi.x-k8s.io");
    expect(spc.versions.map((v: any) => v.version)).toEqual(["v1", "v1alpha1"]);
    expect(spc.versions[0].resources[0]).toMatchObject({
      resource: "secretproviderclasses",
      responseKind: { group: "secrets-store.csi.x-k8s.io", version: "v1", kind: "SecretProviderClass" },
      verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"],
    });

    // Every resource of every group version matches its legacy list.
    for (const group of [...core.items, ...apis.items]) {
      for (const version of group.versions) {
        const path = group.metadata.name ? `/apis/${group.metadata.name}/${version.version}` : `/api/${version.version}`;
        const list = (await get(path, "application/json")).body.resources;
        for (const r of version.resources) {
          expect(list.find((l: any) => l.name === r.resource)).toMatchObject({ kind: r.responseKind.kind, namespaced: r.scope === "Namespaced", verbs: r.verbs, singularName: r.singularResource });
          for (const s of r.subresources ?? []) expect(list.find((l: any) => l.name === `${r.resource}/${s.subresource}`)).toMatchObject({ kind: s.responseKind.kind, verbs: s.verbs });
        }
      }
    }
  });

  it("tags the document with an ETag a client revalidates with", async () => {
    const first = await get("/apis", V2);
    const etag = first.headers["etag"]![0]!;
    expect(etag).toMatch(/^"[0-9A-F]{128}"$/);
    const again = await get("/apis", V2, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    // A new CRD changes the document and its tag.
    await kubeRequest(
      world,
      "POST",
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
      JSON.stringify({
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "gadgets.example.com" },
        spec: { group: "example.com", scope: "Namespaced", names: { kind: "Gadget", plural: "gadgets" }, versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }] },
      }),
    );
    const changed = await get("/apis", V2, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.body.items.map((g: any) => g.metadata.name)).toContain("example.com");
  });

  it.skipIf(!KUBECTL)("lets the real kubectl discover everything from /api and /apis alone", async () => {
    const r = await kubectl(world.kubeconfigPath, ["get", "deployments", "-n", "shop", "-v=6"]);
    expect(r.code).toBe(0);
    const discovery = [...r.stderr.matchAll(/GET https:\/\/[^/]+(\/\S*?)\?timeout=\S+ 200/g)].map((m) => m[1]);
    expect(discovery).toEqual(["/api", "/apis"]);
    const resources = await kubectl(world.kubeconfigPath, ["api-resources", "--api-group=apps", "-o", "name"]);
    expect(resources.stdout.split("\n").filter(Boolean)).toEqual(["daemonsets.apps", "deployments.apps", "replicasets.apps", "statefulsets.apps"]);
  });
});
