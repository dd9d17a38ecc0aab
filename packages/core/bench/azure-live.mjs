// The live Azure source against the simulated ARM, in its own process. Prints one JSON object.
//   node azure-live.mjs REPS [EXTRA_IDENTITIES]
// A generated world (300 identities used by 2,000 ServiceAccounts, one federated credential
// each) plus EXTRA_IDENTITIES identities no ServiceAccount names, in the same subscription.
// Baseline, same process, same server, same concurrency: as many plain HTTPS GETs of one
// identity as the load sent requests.
import { performance } from "node:perf_hooks";
import { getCACertificates, setDefaultCACertificates } from "node:tls";
import { ClientSecretCredential } from "@azure/identity";
import { createCertificateAuthority, generateScenario, resolvePlaceholders, startAzure } from "../../fake-cloud/dist/index.js";
import { loadAzureLive } from "../dist/sources/live-azure/index.js";

const REPS = Number(process.argv[2] ?? 3);
const EXTRA = Number(process.argv[3] ?? 0);
const CONCURRENCY = 8;

const ca = await createCertificateAuthority();
setDefaultCACertificates([...getCACertificates("default"), ca.caPem]);
const scenario = resolvePlaceholders(generateScenario({ pods: 10_000, serviceAccounts: 2_000, identities: 300 }), { issuer: "https://eastus.oic.prod-aks.azure.com/tenant/guid/" });
const spec = structuredClone(scenario.azure);
const template = spec.identities[0];
for (let i = 0; i < EXTRA; i++) {
  const name = `id-unused-${String(i).padStart(5, "0")}`;
  const hex = i.toString(16).padStart(12, "0");
  spec.identities.push({ ...template, id: template.id.replace(/[^/]+$/, name), name, clientId: `00000000-0000-4000-8000-${hex}`, principalId: `00000000-0000-4000-9000-${hex}` });
}
const azure = await startAzure({ ca, azure: spec });
const principal = spec.principals[0];
const credential = new ClientSecretCredential(spec.tenantId, principal.clientId, principal.clientSecret, { authorityHost: azure.authorityHost, disableInstanceDiscovery: true });

const clientIds = [];
for (const o of scenario.cluster.objects) {
  const id = o.kind === "ServiceAccount" ? o.metadata?.annotations?.["azure.workload.identity/client-id"] : undefined;
  if (id) clientIds.push(id);
}
const fqdn = spec.clusters[0].fqdn;
const options = {
  credential,
  endpoints: { resourceManager: azure.armUrl, authorityHost: azure.authorityHost },
  subscriptions: [spec.subscriptionId],
  clientIds,
  keyVaultNames: [],
  clusterServer: `https://${fqdn}:443`,
  concurrency: CONCURRENCY,
  env: {},
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Warm-up: sign-in, TLS sessions, JIT.
await loadAzureLive(options);

const loads = [];
let last;
for (let i = 0; i < REPS; i++) {
  const before = azure.arm.requests.length;
  const t0 = performance.now();
  last = await loadAzureLive(options);
  loads.push({ ms: performance.now() - t0, served: azure.arm.requests.length - before });
  if (process.env.WID_BENCH_DEBUG) process.stderr.write(`load ${i}: ${Math.round(loads.at(-1).ms)} ms\n`);
}
const part = last.part.export;
const byKind = {};
for (const r of azure.arm.requests.slice(-loads.at(-1).served)) {
  const path = r.path.split("?")[0].toLowerCase();
  const kind = path.includes("/federatedidentitycredentials") ? "federatedCredentials" : path.includes("/userassignedidentities") ? "identities" : path.includes("/roleassignments") ? "roleAssignments" : path.includes("/roledefinitions") ? "roleDefinitions" : path.includes("/managedclusters") ? "clusters" : "other";
  byKind[kind] = (byKind[kind] ?? 0) + 1;
}

// Baseline: the same number of GETs, through the same TLS stack and the same concurrency.
const { token } = await credential.getToken(`${azure.armUrl}/.default`);
const oneIdentity = `${azure.armUrl}${template.id}?api-version=2024-11-30`;
const gets = [];
for (let i = 0; i < REPS; i++) {
  const n = last.requests;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        next++;
        const res = await fetch(oneIdentity, { headers: { authorization: `Bearer ${token}` } });
        await res.text();
        if (res.status !== 200) throw new Error(`baseline GET answered ${res.status}`);
      }
    }),
  );
  gets.push(performance.now() - t0);
}
await azure.close();

const usedIdentities = new Set(clientIds.map((c) => c.toLowerCase())).size;
process.stdout.write(
  JSON.stringify({
    identities: spec.identities.length,
    identitiesInUse: usedIdentities,
    serviceAccounts: 2000,
    clientIds: clientIds.length,
    requests: last.requests,
    served: loads.at(-1).served,
    requestsByKind: byKind,
    federatedCredentials: part.state.federatedCredentials.length,
    roleAssignments: part.state.roleAssignments.length,
    gaps: [...part.gaps.keys()],
    loadMs: median(loads.map((l) => l.ms)),
    baselineMs: median(gets),
    concurrency: CONCURRENCY,
  }) + "\n",
);
