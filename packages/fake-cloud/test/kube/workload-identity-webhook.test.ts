import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mutatePod, reservedVolumeName, WebhookDenial, type WebhookConfig } from "../../src/kube/admission/workload-identity-webhook.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const TENANT = "6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f";
const v16: WebhookConfig = { layout: "1.6", tenantId: TENANT, cloud: "AzurePublicCloud", imageVersion: "v1.6.0", nativeSidecar: true };
const v15: WebhookConfig = { ...v16, layout: "1.5", imageVersion: "v1.5.1" };

function sa(annotations: Record<string, string> = { "azure.workload.identity/client-id": CLIENT }) {
  return { metadata: { name: "app", namespace: "shop", annotations } };
}

function pod(over: { name?: string; generateName?: string; annotations?: Record<string, string>; containers?: any[]; initContainers?: any[]; hostNetwork?: boolean } = {}) {
  return {
    metadata: {
      ...(over.generateName ? { generateName: over.generateName } : { name: over.name ?? "web-0" }),
      labels: { "azure.workload.identity/use": "true" },
      ...(over.annotations ? { annotations: over.annotations } : {}),
    },
    spec: {
      containers: over.containers ?? [{ name: "web", image: "nginx" }],
      ...(over.initContainers ? { initContainers: over.initContainers } : {}),
      ...(over.hostNetwork ? { hostNetwork: true } : {}),
    },
  } as any;
}

function denial(f: () => void): WebhookDenial {
  try {
    f();
  } catch (e) {
    if (e instanceof WebhookDenial) return e;
    throw e;
  }
  throw new Error("expected a denial");
}

describe("workload identity webhook (v1.6 layout)", () => {
  it("injects the four env vars, the mount and the projected token volume", () => {
    const p = pod();
    mutatePod(p, sa(), v16);
    const volume = `azure-workload-identity-reserved-${createHash("sha256").update("web-0").digest("hex").slice(0, 30)}`;
    expect(p.spec.containers[0].env).toEqual([
      { name: "AZURE_CLIENT_ID", value: CLIENT },
      { name: "AZURE_TENANT_ID", value: TENANT },
      { name: "AZURE_FEDERATED_TOKEN_FILE", value: "/var/run/secrets/azure/wi/token/azure-identity-token" },
      { name: "AZURE_AUTHORITY_HOST", value: "https://login.microsoftonline.com/" },
    ]);
    expect(p.spec.containers[0].volumeMounts).toEqual([{ name: volume, readOnly: true, mountPath: "/var/run/secrets/azure/wi" }]);
    expect(p.spec.volumes).toEqual([
      { name: volume, projected: { sources: [{ serviceAccountToken: { audience: "api://AzureADTokenExchange", expirationSeconds: 3600, path: "token/azure-identity-token" } }] } },
    ]);
  });

  it("hashes `<generateName> (prefix)` when the pod has no name yet, as controller-made pods do", () => {
    const p = pod({ generateName: "web-7d4b9c8f5d-" });
    mutatePod(p, sa(), v16);
    const expected = createHash("sha256").update("web-7d4b9c8f5d- (prefix)").digest("hex").slice(0, 30);
    expect(p.spec.volumes[0].name).toBe(`azure-workload-identity-reserved-${expected}`);
    expect(reservedVolumeName("web-7d4b9c8f5d- (prefix)")).toHaveLength(63);
  });

  it("keeps env the container sets itself and skips empty values", () => {
    const p = pod({ containers: [{ name: "web", image: "nginx", env: [{ name: "AZURE_CLIENT_ID", value: "mine" }] }] });
    mutatePod(p, sa({ "azure.workload.identity/client-id": CLIENT, "azure.workload.identity/tenant-id": "" }), v16);
    const names = p.spec.containers[0].env.map((e: any) => `${e.name}=${e.value}`);
    expect(names).toEqual(["AZURE_CLIENT_ID=mine", "AZURE_FEDERATED_TOKEN_FILE=/var/run/secrets/azure/wi/token/azure-identity-token", "AZURE_AUTHORITY_HOST=https://login.microsoftonline.com/"]);
  });

  it("injects no client id when the service account has none, but still mounts the token", () => {
    const p = pod();
    mutatePod(p, sa({}), v16);
    expect(p.spec.containers[0].env.map((e: any) => e.name)).toEqual(["AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST"]);
    expect(p.spec.volumes).toHaveLength(1);
  });

  it("skips the containers named in skip-containers, split on `;` only", () => {
    const containers = [
      { name: "web", image: "nginx" },
      { name: "istio-proxy", image: "istio" },
      { name: "log", image: "fluent" },
    ];
    const p = pod({ containers, annotations: { "azure.workload.identity/skip-containers": "istio-proxy; log" } });
    mutatePod(p, sa(), v16);
    expect(p.spec.containers.map((c: any) => (c.env ?? []).length)).toEqual([4, 0, 0]);
    const q = pod({ containers: structuredClone(containers), annotations: { "azure.workload.identity/skip-containers": "istio-proxy,log" } });
    mutatePod(q, sa(), v16);
    expect(q.spec.containers.map((c: any) => (c.env ?? []).length)).toEqual([4, 4, 4]);
  });

  it("takes the pod's token expiration over the service account's", () => {
    const p = pod({ annotations: { "azure.workload.identity/service-account-token-expiration": "7200" } });
    mutatePod(p, sa({ "azure.workload.identity/client-id": CLIENT, "azure.workload.identity/service-account-token-expiration": "86400" }), v16);
    expect(p.spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds).toBe(7200);
  });

  it("rejects expirations out of range and non-integers with the webhook's texts", () => {
    expect(denial(() => mutatePod(pod({ annotations: { "azure.workload.identity/service-account-token-expiration": "1800" } }), sa(), v16))).toMatchObject({
      code: 400,
      message: "token expiration 1800 not valid. Expected value to be between 3600 and 86400",
    });
    expect(denial(() => mutatePod(pod(), sa({ "azure.workload.identity/service-account-token-expiration": "1h" }), v16)).message).toBe(
      'strconv.ParseInt: parsing "1h": invalid syntax',
    );
  });

  it("injects the proxy as a native sidecar and rejects it with hostNetwork", () => {
    const p = pod({ annotations: { "azure.workload.identity/inject-proxy-sidecar": "false", "azure.workload.identity/proxy-sidecar-port": "8001" } });
    mutatePod(p, sa(), v16);
    expect(p.spec.initContainers.map((c: any) => c.name)).toEqual(["azwi-proxy", "azwi-proxy-init"]);
    expect(p.spec.initContainers[0]).toMatchObject({ image: "mcr.microsoft.com/oss/azure/workload-identity/proxy:v1.6.0", restartPolicy: "Always", ports: [{ containerPort: 8001 }] });
    expect(p.spec.initContainers[1]).toMatchObject({ env: expect.arrayContaining([{ name: "PROXY_PORT", value: "8001" }]), securityContext: { privileged: true } });
    const denied = denial(() => mutatePod(pod({ hostNetwork: true, annotations: { "azure.workload.identity/inject-proxy-sidecar": "true" } }), sa(), v16));
    expect(denied.message).toBe("hostNetwork is set to true, cannot inject proxy sidecar");
    expect(denial(() => mutatePod(pod({ annotations: { "azure.workload.identity/inject-proxy-sidecar": "true", "azure.workload.identity/proxy-sidecar-port": "http" } }), sa(), v16)).message).toBe(
      'failed to parse proxy sidecar port: strconv.ParseInt: parsing "http": invalid syntax',
    );
  });

  it("follows the cloud of the webhook's config for the authority host", () => {
    const p = pod();
    mutatePod(p, sa(), { ...v16, cloud: "AzureChinaCloud" });
    expect(p.spec.containers[0].env[3]).toEqual({ name: "AZURE_AUTHORITY_HOST", value: "https://login.chinacloudapi.cn/" });
  });
});

describe("workload identity webhook (v1.5 layout)", () => {
  it("uses the azure-identity-token volume under /var/run/secrets/azure/tokens", () => {
    const p = pod();
    mutatePod(p, sa(), v15);
    expect(p.spec.containers[0].env[2]).toEqual({ name: "AZURE_FEDERATED_TOKEN_FILE", value: "/var/run/secrets/azure/tokens/azure-identity-token" });
    expect(p.spec.containers[0].volumeMounts).toEqual([{ name: "azure-identity-token", readOnly: true, mountPath: "/var/run/secrets/azure/tokens" }]);
    expect(p.spec.volumes).toEqual([
      { name: "azure-identity-token", projected: { sources: [{ serviceAccountToken: { audience: "api://AzureADTokenExchange", expirationSeconds: 3600, path: "azure-identity-token" } }] } },
    ]);
  });
});
