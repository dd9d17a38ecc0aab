import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getCACertificates, setDefaultCACertificates } from "node:tls";
import { createCertificateAuthority, type CertificateAuthority } from "./tls/ca.js";
import type { Scenario, ScenarioInput } from "./scenario/types.js";
import { normalizeScenario, resolvePlaceholders } from "./scenario/load.js";
import { webhookLogs, webhookObjects, webhookPodStates } from "./scenario/webhook-objects.js";
import { startIssuer, type FakeIssuer } from "./oidc/index.js";
import { startAzure, type FakeAzure } from "./arm/index.js";
import { startKubeApiServer, type RunningKubeApiServer } from "./kube/server.js";
import { kubeconfigYaml } from "./kube/kubeconfig.js";
import { defaultNode } from "./kube/controllers.js";

export interface StartWorldOptions {
  /** Directory for the kubeconfig and CA file; a fresh temporary directory (removed on close) when omitted. */
  dir?: string;
  /** Reuse a CA (tests that start several worlds); a new one when omitted. */
  ca?: CertificateAuthority;
  /** Also trust the CA in this process (as NODE_EXTRA_CA_CERTS would), for in-process SDK clients. */
  trustInProcess?: boolean;
  /** How long the simulated kubelet takes to stop a deleted pod (at most its grace period); 1 s when omitted. */
  podStopMs?: number;
  /** How long a federated credential write holds its identity in ARM (concurrent writes meanwhile get 409); 200 ms when omitted. */
  ficWriteMs?: number;
}

/**
 * A running world. `env` is what a shell needs to point kubectl and wid at it:
 * - `KUBECONFIG`: the generated kubeconfig (context of the admin user is current);
 * - `NODE_EXTRA_CA_CERTS`: the CA file, so Node clients trust every fake;
 * - `WID_ARM_ENDPOINT`: the fake ARM, used by wid in place of https://management.azure.com;
 * - `WID_AUTHORITY_HOST` and `AZURE_AUTHORITY_HOST`: the fake Entra ID, in place of
 *   https://login.microsoftonline.com/ (the second is the one @azure/identity reads itself);
 * - `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`: the scenario's first principal,
 *   so @azure/identity's EnvironmentCredential signs in to the fake Entra ID;
 * - `AZURE_TOKEN_CREDENTIALS=EnvironmentCredential`: DefaultAzureCredential signs in with those
 *   alone, never with a real sign-in of the machine (Azure CLI, managed identity);
 * - `AZURE_SUBSCRIPTION_ID`: the scenario's default subscription;
 * - `WID_OIDC_ISSUER`: the cluster's issuer URL.
 */
export interface World {
  /** The scenario with placeholders resolved. */
  scenario: Scenario;
  ca: CertificateAuthority;
  caFile: string;
  kubeconfigPath: string;
  urls: { kube: string; arm?: string; authorityHost?: string; issuer: string };
  /** Bearer token per kube user, `admin` included. */
  tokens: Record<string, string>;
  env: Record<string, string>;
  kube: RunningKubeApiServer;
  issuer: FakeIssuer;
  azure: FakeAzure;
  close(): Promise<void>;
}

export type StartWorld = (scenario: Scenario | ScenarioInput, opts?: StartWorldOptions) => Promise<World>;

function isScenario(s: Scenario | ScenarioInput): s is Scenario {
  return typeof s.cluster?.objects !== "undefined" && typeof (s as Scenario).azure?.principals !== "undefined" && typeof (s as Scenario).issuer?.faults !== "undefined";
}

/** Cluster objects in an order the apiserver accepts: namespaces and CRDs before what needs them. */
function seedOrder(objects: Record<string, unknown>[]): Record<string, unknown>[] {
  const rank = (o: Record<string, unknown>) => (o["kind"] === "Namespace" ? 0 : o["kind"] === "CustomResourceDefinition" ? 1 : 2);
  return [...objects].sort((a, b) => rank(a) - rank(b));
}

/** Starts the issuer, ARM, Entra ID and the kube-apiserver of a scenario, and writes the files a shell needs. */
export const startWorld: StartWorld = async (input, opts = {}) => {
  const base = isScenario(input) ? input : normalizeScenario(input);
  const ca = opts.ca ?? (await createCertificateAuthority());
  if (opts.trustInProcess) setDefaultCACertificates([...getCACertificates("default"), ca.caPem]);
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), "wid-world-")));
  await mkdir(dir, { recursive: true });
  const latency = base.faults.latency;

  const closers: (() => Promise<void>)[] = [];
  if (!opts.dir) closers.push(() => rm(dir, { recursive: true, force: true }));
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    const issuer = await startIssuer({ ca, spec: base.issuer, ...(latency ? { latency } : {}) });
    closers.push(() => issuer.close());
    const scenario = resolvePlaceholders(base, { issuer: issuer.issuer });

    const azure = await startAzure({
      ca,
      azure: scenario.azure,
      ...(scenario.faults.azure ? { faults: scenario.faults.azure } : {}),
      ...(latency ? { latency } : {}),
      ...(opts.ficWriteMs !== undefined ? { ficWriteMs: opts.ficWriteMs } : {}),
    });
    closers.push(() => azure.close());

    const tenantId = scenario.azure.tenantId;
    const kube = await startKubeApiServer({
      ca,
      signer: issuer,
      kubernetesVersion: scenario.cluster.kubernetesVersion,
      users: scenario.cluster.users,
      logs: [...scenario.cluster.logs, ...webhookLogs(scenario.webhook, tenantId)],
      podStates: [...scenario.cluster.podStates, ...webhookPodStates(scenario.webhook, tenantId)],
      ...(latency?.kube ? { latencyMs: latency.kube } : {}),
      ...(scenario.faults.kube ? { faults: scenario.faults.kube } : {}),
      ...(opts.podStopMs !== undefined ? { podStopMs: opts.podStopMs } : {}),
    });
    closers.push(() => kube.close());
    // `az aks get-credentials` writes https://<fqdn>:443 as the kubeconfig server; here the API
    // server listens on loopback, so the scenario's own AKS cluster reports that host as its fqdn.
    const aks = scenario.azure.clusters.find((c) => c.name === scenario.cluster.name);
    if (aks) azure.state.updateCluster(aks.id, { fqdn: new URL(kube.url).hostname });
    const nodes = scenario.cluster.nodes.map(defaultNode);
    // The webhook (and what it needs) runs before the workloads, as in a cluster that has been up a while.
    const systemNamespaces = scenario.cluster.objects.filter((o) => o["kind"] === "Namespace");
    await kube.seed(seedOrder([...nodes, ...systemNamespaces, ...webhookObjects(scenario.webhook, tenantId)]));
    await kube.seed(seedOrder(scenario.cluster.objects.filter((o) => o["kind"] !== "Namespace")));

    const caFile = join(dir, "ca.pem");
    const kubeconfigPath = join(dir, "kubeconfig");
    await writeFile(caFile, ca.caPem);
    const certificates: Record<string, { certPem: string; keyPem: string }> = {};
    for (const u of scenario.cluster.users) if (u.clientCertificate) certificates[u.name] = await ca.issueClient(u.name, u.admin ? ["system:masters"] : []);
    await writeFile(kubeconfigPath, kubeconfigYaml({ server: kube.url, caPem: ca.caPem, clusterName: scenario.cluster.name, tokens: kube.tokens, certificates }), { mode: 0o600 });

    const principal = scenario.azure.principals[0];
    const env: Record<string, string> = {
      KUBECONFIG: kubeconfigPath,
      NODE_EXTRA_CA_CERTS: caFile,
      WID_ARM_ENDPOINT: azure.armUrl,
      WID_AUTHORITY_HOST: azure.authorityHost,
      AZURE_AUTHORITY_HOST: azure.authorityHost,
      AZURE_TENANT_ID: tenantId,
      AZURE_SUBSCRIPTION_ID: scenario.azure.subscriptionId,
      WID_OIDC_ISSUER: issuer.issuer,
      ...(principal ? { AZURE_CLIENT_ID: principal.clientId, AZURE_CLIENT_SECRET: principal.clientSecret, AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential" } : {}),
    };
    return {
      scenario,
      ca,
      caFile,
      kubeconfigPath,
      urls: { kube: kube.url, arm: azure.armUrl, authorityHost: azure.authorityHost, issuer: issuer.issuer },
      tokens: kube.tokens,
      env,
      kube,
      issuer,
      azure,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
};
