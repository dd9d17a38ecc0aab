import { createHash } from "node:crypto";
import type { KubeObj } from "../store.js";

/**
 * The pod mutation of azure-workload-identity's webhook (pkg/webhook/webhook.go), reproduced
 * step by step: same order, same defaults, same error texts, both volume layouts.
 */

export const WEBHOOK_NAME = "mutation.azure-workload-identity.io";
export const USE_LABEL = "azure.workload.identity/use";
const CLIENT_ID = "azure.workload.identity/client-id";
const TENANT_ID = "azure.workload.identity/tenant-id";
const TOKEN_EXPIRATION = "azure.workload.identity/service-account-token-expiration";
const SKIP_CONTAINERS = "azure.workload.identity/skip-containers";
const INJECT_PROXY = "azure.workload.identity/inject-proxy-sidecar";
const PROXY_PORT = "azure.workload.identity/proxy-sidecar-port";
const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
const MIN_EXPIRATION = 3600n;
const MAX_EXPIRATION = 86400n;
const DEFAULT_EXPIRATION = 3600;
const DEFAULT_PROXY_PORT = 8000;
const IMAGE_REGISTRY = "mcr.microsoft.com/oss/azure/workload-identity";

/** go-autorest's environments: the authority host injected as AZURE_AUTHORITY_HOST. */
const AUTHORITY_HOSTS: Record<string, string> = {
  azurepubliccloud: "https://login.microsoftonline.com/",
  azurechinacloud: "https://login.chinacloudapi.cn/",
  azureusgovernmentcloud: "https://login.microsoftonline.us/",
  azuregermancloud: "https://login.microsoftonline.de/",
};

export function authorityHostFor(cloud: string | undefined): string | undefined {
  return AUTHORITY_HOSTS[(cloud || "AzurePublicCloud").toLowerCase()];
}

export interface WebhookConfig {
  /** "1.6" layout (reserved volume, /var/run/secrets/azure/wi) or "1.5" (azure-identity-token, /var/run/secrets/azure/tokens). */
  layout: "1.6" | "1.5";
  /** ConfigMap AZURE_TENANT_ID. */
  tenantId: string;
  /** ConfigMap AZURE_ENVIRONMENT. */
  cloud: string | undefined;
  /** Image tag of the running webhook, e.g. v1.6.0: the proxy images carry it. */
  imageVersion: string;
  /** apiserver >= 1.32: the proxy runs as a native sidecar (init container, restartPolicy Always). */
  nativeSidecar: boolean;
}

/** admission.Errored: a code and the error text, which the apiserver prefixes with the webhook name. */
export class WebhookDenial extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Go's strconv.ParseInt(s, 10, bits), with its error texts. */
function parseGoInt(s: string, bits: 32 | 64): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`);
  const v = BigInt(s);
  const max = (1n << BigInt(bits - 1)) - 1n;
  if (v > max || v < -max - 1n) throw new Error(`strconv.ParseInt: parsing ${goQuote(s)}: value out of range`);
  return v;
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

function tokenExpiration(pod: KubeObj, sa: KubeObj): bigint {
  const podValue: unknown = pod.metadata?.annotations?.[TOKEN_EXPIRATION];
  const saValue: unknown = sa.metadata?.annotations?.[TOKEN_EXPIRATION];
  let exp = BigInt(DEFAULT_EXPIRATION);
  try {
    if (typeof podValue === "string" && podValue !== "") exp = parseGoInt(podValue, 64);
    else if (typeof saValue === "string" && saValue !== "") exp = parseGoInt(saValue, 64);
  } catch (e) {
    throw new WebhookDenial(400, (e as Error).message);
  }
  if (exp > MAX_EXPIRATION || exp < MIN_EXPIRATION) {
    throw new WebhookDenial(400, `token expiration ${exp} not valid. Expected value to be between 3600 and 86400`);
  }
  return exp;
}

function proxyPort(pod: KubeObj): number {
  const annotations = pod.metadata?.annotations ?? {};
  if (!(PROXY_PORT in annotations)) return DEFAULT_PROXY_PORT;
  try {
    return Number(parseGoInt(String(annotations[PROXY_PORT]), 32));
  } catch (e) {
    throw new WebhookDenial(400, `failed to parse proxy sidecar port: ${(e as Error).message}`);
  }
}

/** sha256 of the pod name (or `<generateName> (prefix)`), cut so the volume name fits 63 characters. */
export function reservedVolumeName(podName: string): string {
  const prefix = "azure-workload-identity-reserved-";
  return prefix + createHash("sha256").update(podName).digest("hex").slice(0, 63 - prefix.length);
}

/**
 * Mutates `pod` in place as the webhook's patch would, given the pod's ServiceAccount; throws
 * WebhookDenial where the webhook answers admission.Errored.
 */
export function mutatePod(pod: KubeObj, sa: KubeObj, cfg: WebhookConfig): void {
  const metadata = pod.metadata;
  const spec = pod.spec;
  const annotations: Record<string, string> = metadata.annotations ?? {};
  const podName: string = metadata.name || `${metadata.generateName ?? ""} (prefix)`;

  if (INJECT_PROXY in annotations) {
    if (spec.hostNetwork === true) throw new WebhookDenial(400, "hostNetwork is set to true, cannot inject proxy sidecar");
    const port = proxyPort(pod);
    spec.initContainers = injectProxyInit(spec.initContainers ?? [], port, cfg);
    if (cfg.nativeSidecar) spec.initContainers = injectProxySidecar(spec.initContainers, port, cfg, "Always");
    else spec.containers = injectProxySidecar(spec.containers ?? [], port, cfg, undefined);
  }

  const expiration = tokenExpiration(pod, sa);
  const saAnnotations: Record<string, string> = sa.metadata?.annotations ?? {};
  const clientId = saAnnotations[CLIENT_ID] ?? "";
  const tenantId = TENANT_ID in saAnnotations ? (saAnnotations[TENANT_ID] ?? "") : cfg.tenantId;
  const skipText = annotations[SKIP_CONTAINERS] ?? "";
  const skip = new Set(skipText === "" ? [] : skipText.split(";").map((s) => s.trim()));
  const authorityHost = authorityHostFor(cfg.cloud) ?? "";
  const legacy = cfg.layout === "1.5";
  const volumeName = legacy ? "azure-identity-token" : reservedVolumeName(podName);
  const mountPath = legacy ? "/var/run/secrets/azure/tokens" : "/var/run/secrets/azure/wi";
  const tokenPath = legacy ? "azure-identity-token" : "token/azure-identity-token";

  const mutate = (containers: KubeObj[] | undefined): KubeObj[] | undefined => {
    if (!containers) return containers;
    for (const c of containers) {
      if (skip.has(c.name)) continue;
      const present = new Set((c.env ?? []).map((e: KubeObj) => e.name));
      const desired: [string, string][] = [
        ["AZURE_CLIENT_ID", clientId],
        ["AZURE_TENANT_ID", tenantId],
        ["AZURE_FEDERATED_TOKEN_FILE", `${mountPath}/${tokenPath}`],
        ["AZURE_AUTHORITY_HOST", authorityHost],
      ];
      for (const [name, value] of desired) {
        if (!present.has(name) && value.length > 0) (c.env ??= []).push({ name, value });
      }
      const mount = { name: volumeName, readOnly: true, mountPath };
      c.volumeMounts ??= [];
      const i = c.volumeMounts.findIndex((m: KubeObj) => m.name === volumeName);
      if (legacy) {
        if (i < 0) c.volumeMounts.push(mount);
      } else if (i >= 0) c.volumeMounts[i] = mount;
      else c.volumeMounts.push(mount);
    }
    return containers;
  };
  spec.initContainers = mutate(spec.initContainers);
  spec.containers = mutate(spec.containers);

  const volume = {
    name: volumeName,
    projected: {
      sources: [{ serviceAccountToken: { audience: DEFAULT_AUDIENCE, expirationSeconds: Number(expiration), path: tokenPath } }],
    },
  };
  spec.volumes ??= [];
  if (legacy) {
    const exists = spec.volumes.some((v: KubeObj) =>
      (v.projected?.sources ?? []).some((s: KubeObj) => s.serviceAccountToken?.path === tokenPath),
    );
    if (!exists) spec.volumes.push(volume);
  } else {
    const i = spec.volumes.findIndex((v: KubeObj) => v.name === volumeName);
    if (i >= 0) spec.volumes[i] = volume;
    else spec.volumes.push(volume);
  }
  if (spec.initContainers?.length === 0) delete spec.initContainers;
}

function injectProxyInit(containers: KubeObj[], port: number, cfg: WebhookConfig): KubeObj[] {
  if (containers.some((c) => c.name === "azwi-proxy-init")) return containers;
  return [
    ...containers,
    {
      name: "azwi-proxy-init",
      image: `${IMAGE_REGISTRY}/proxy-init:${cfg.imageVersion}`,
      imagePullPolicy: "IfNotPresent",
      securityContext: {
        capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] },
        privileged: true,
        runAsNonRoot: false,
        runAsUser: 0,
      },
      env: [{ name: "PROXY_PORT", value: String(port) }],
    },
  ];
}

function injectProxySidecar(containers: KubeObj[], port: number, cfg: WebhookConfig, restartPolicy: string | undefined): KubeObj[] {
  if (containers.some((c) => c.name === "azwi-proxy")) return containers;
  const sidecar: KubeObj = {
    name: "azwi-proxy",
    image: `${IMAGE_REGISTRY}/proxy:${cfg.imageVersion}`,
    args: [`--proxy-port=${port}`, "--log-level=info"],
    ports: [{ containerPort: port }],
    lifecycle: { postStart: { exec: { command: ["/proxy", `--proxy-port=${port}`, "--probe", "--log-level=info"] } } },
    imagePullPolicy: "IfNotPresent",
    securityContext: {
      capabilities: { drop: ["ALL"] },
      privileged: false,
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    },
  };
  if (restartPolicy) sidecar.restartPolicy = restartPolicy;
  return [sidecar, ...containers];
}
