import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { startWorld, type World } from "../../src/world.js";
import { defaultScenario } from "../../src/scenario/default.js";
import { KUBECTL, kubectl } from "./helpers/kubectl.js";

// Real kubectl against the fake apiserver: every command below must behave as on a real cluster.
describe.skipIf(!KUBECTL)("the real kubectl against the fake kube-apiserver", { timeout: 90_000 }, () => {
  let world: World;
  const k = (args: string[], opts?: Parameters<typeof kubectl>[2]) => kubectl(world.kubeconfigPath, args, opts);
  const json = async (args: string[]) => {
    const r = await k([...args, "-o", "json"]);
    expect(r.stderr).toBe("");
    return JSON.parse(r.stdout);
  };

  beforeAll(async () => {
    world = await startWorld(defaultScenario(), { trustInProcess: true });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it("lists pods in every namespace (get -A) with the real table columns", async () => {
    const r = await k(["get", "pods", "-A"]);
    expect(r.code).toBe(0);
    const header = r.stdout.split("\n")[0]!.split(/\s+/);
    expect(header).toEqual(["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    for (const ns of ["shop", "billing", "analytics", "legacy", "kube-system"]) expect(r.stdout).toMatch(new RegExp(`^${ns}\\s`, "m"));
  });

  it("applies a manifest client-side, then server-side, and reports conflicts as the real apiserver does", async () => {
    const manifest = (replicas: number) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: "fast"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: search
  namespace: shop
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: search}
  template:
    metadata:
      labels: {app: search}
    spec:
      containers:
      - name: search
        image: shopacr.azurecr.io/search:2.0.0
`;
    const first = await k(["apply", "-f", "-"], { input: manifest(1) });
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe("configmap/settings created\ndeployment.apps/search created\n");
    const again = await k(["apply", "-f", "-"], { input: manifest(1) });
    expect(again.stdout).toBe("configmap/settings unchanged\ndeployment.apps/search unchanged\n");
    const ssa = await k(["apply", "--server-side", "-f", "-"], { input: manifest(1) });
    expect(ssa.stdout).toBe("configmap/settings serverside-applied\ndeployment.apps/search serverside-applied\n");
    await k(["scale", "deployment/search", "-n", "shop", "--replicas=3"]);
    const conflict = await k(["apply", "--server-side", "-f", "-"], { input: manifest(2) });
    expect(conflict.code).not.toBe(0);
    // kubectl scale names no field manager: the apiserver takes the user agent's program name.
    expect(conflict.stderr).toMatch(/^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1 at \S+Z: \.spec\.replicas$/m);
    const forced = await k(["apply", "--server-side", "--force-conflicts", "-f", "-"], { input: manifest(2) });
    expect(forced.code).toBe(0);
    expect((await json(["get", "deployment", "search", "-n", "shop"])).spec.replicas).toBe(2);
    // Adding the workload identity label to the selector of an existing Deployment (pod-label-in-selector).
    const moved = manifest(2).replace("matchLabels: {app: search}", 'matchLabels: {app: search, azure.workload.identity/use: "true"}').replace("labels: {app: search}", 'labels: {app: search, azure.workload.identity/use: "true"}');
    const immutable = await k(["apply", "-f", "-"], { input: moved });
    expect(immutable.code).toBe(1);
    expect(immutable.stderr).toContain(
      'The Deployment "search" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"search", "azure.workload.identity/use":"true"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it("patches with each patch type", async () => {
    expect((await k(["patch", "sa", "orders", "-n", "shop", "--type=merge", "-p", '{"metadata":{"labels":{"tier":"web"}}}'])).stdout).toBe("serviceaccount/orders patched\n");
    await k(["patch", "sa", "orders", "-n", "shop", "--type=json", "-p", '[{"op":"add","path":"/metadata/labels/owner","value":"team-a"}]']);
    await k(["patch", "deployment", "orders", "-n", "shop", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"orders","env":[{"name":"LOG_LEVEL","value":"debug"}]}]}}}}']);
    const sa = await json(["get", "sa", "orders", "-n", "shop"]);
    expect(sa.metadata.labels).toEqual({ tier: "web", owner: "team-a" });
    const deploy = await json(["get", "deployment", "orders", "-n", "shop"]);
    // Strategic merge: the container is merged by name, not replaced.
    expect(deploy.spec.template.spec.containers).toHaveLength(1);
    expect(deploy.spec.template.spec.containers[0]).toMatchObject({ name: "orders", image: "shopacr.azurecr.io/orders:1.4.2", env: [{ name: "LOG_LEVEL", value: "debug" }] });
    const bad = await k(["patch", "sa", "orders", "-n", "shop", "--type=json", "-p", '[{"op":"remove","path":"/metadata/labels/absent"}]']);
    expect(bad.code).toBe(1);
  });

  it("restarts a rollout: new pods go through admission and come back mutated", async () => {
    const before = await json(["get", "pods", "-n", "shop", "-l", "app=notifier"]);
    expect(before.items).toHaveLength(1);
    expect(before.items[0].spec.containers[0].env).toBeUndefined();
    const r = await k(["rollout", "restart", "deployment/notifier", "-n", "shop"]);
    expect(r.stdout).toBe("deployment.apps/notifier restarted\n");
    const status = await k(["rollout", "status", "deployment/notifier", "-n", "shop", "--timeout=60s"]);
    expect(status.stdout).toContain('deployment "notifier" successfully rolled out');
    // The old pod may still be stopping (Terminating); one pod runs.
    const during = await json(["get", "pods", "-n", "shop", "-l", "app=notifier"]);
    expect(during.items.filter((p: any) => !p.metadata.deletionTimestamp)).toHaveLength(1);
    await world.kube.settle();
    const after = await json(["get", "pods", "-n", "shop", "-l", "app=notifier"]);
    expect(after.items).toHaveLength(1);
    const p = after.items[0];
    expect(p.metadata.name).not.toBe(before.items[0].metadata.name);
    const orders = world.scenario.azure.identities.find((i) => i.name === "id-orders")!;
    expect(p.spec.containers[0].env).toEqual([
      { name: "AZURE_CLIENT_ID", value: orders.clientId },
      { name: "AZURE_TENANT_ID", value: world.scenario.azure.tenantId },
      { name: "AZURE_FEDERATED_TOKEN_FILE", value: "/var/run/secrets/azure/wi/token/azure-identity-token" },
      { name: "AZURE_AUTHORITY_HOST", value: "https://login.microsoftonline.com/" },
    ]);
    const volume = `azure-workload-identity-reserved-${createHash("sha256").update(`${p.metadata.generateName} (prefix)`).digest("hex").slice(0, 30)}`;
    expect(p.spec.volumes.find((v: any) => v.name === volume)).toEqual({
      name: volume,
      projected: { defaultMode: 420, sources: [{ serviceAccountToken: { audience: "api://AzureADTokenExchange", expirationSeconds: 3600, path: "token/azure-identity-token" } }] },
    });
    expect(p.spec.containers[0].volumeMounts).toContainEqual({ name: volume, readOnly: true, mountPath: "/var/run/secrets/azure/wi" });
  });

  it("restarts a StatefulSet: its pod is replaced by one from the new template", async () => {
    const before = await json(["get", "pod", "ledger-0", "-n", "billing"]);
    expect((await k(["rollout", "restart", "statefulset/ledger", "-n", "billing"])).stdout).toBe("statefulset.apps/ledger restarted\n");
    await world.kube.settle();
    const after = await json(["get", "pod", "ledger-0", "-n", "billing"]);
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.annotations["kubectl.kubernetes.io/restartedAt"]).toBeDefined();
  });

  it("creates a pod with the label and an annotated service account, mutated exactly as the webhook does", async () => {
    const r = await k(["run", "probe", "-n", "shop", "--image=busybox:1.36", "-l", "azure.workload.identity/use=true", "--overrides", '{"spec":{"serviceAccountName":"payments"}}', "--", "sleep", "3600"]);
    expect(r.stdout).toBe("pod/probe created\n");
    const p = await json(["get", "pod", "probe", "-n", "shop"]);
    const volume = `azure-workload-identity-reserved-${createHash("sha256").update("probe").digest("hex").slice(0, 30)}`;
    expect(p.spec.containers[0].env.map((e: any) => e.name)).toEqual(["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST"]);
    expect(p.spec.volumes.map((v: any) => v.name)).toContain(volume);
  });

  it("rejects an invalid token expiration with the webhook's message", async () => {
    await k(["annotate", "sa", "orders", "-n", "shop", "azure.workload.identity/service-account-token-expiration=600"]);
    const r = await k(["run", "bad-exp", "-n", "shop", "--image=busybox", "-l", "azure.workload.identity/use=true", "--overrides", '{"spec":{"serviceAccountName":"orders"}}']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Error from server: admission webhook "mutation.azure-workload-identity.io" denied the request: token expiration 600 not valid. Expected value to be between 3600 and 86400',
    );
    await k(["annotate", "sa", "orders", "-n", "shop", "azure.workload.identity/service-account-token-expiration-"]);
  });

  it("creates objects with kubectl create, whose typed clients send protobuf", async () => {
    expect((await k(["create", "deployment", "web2", "-n", "analytics", "--image=nginx:1.27", "--port=80", "--replicas=2", "--", "/bin/sh", "-c", "serve"])).stdout).toBe("deployment.apps/web2 created\n");
    const d = await json(["get", "deployment", "web2", "-n", "analytics"]);
    expect(d.spec).toMatchObject({ replicas: 2, selector: { matchLabels: { app: "web2" } } });
    expect(d.spec.template.spec.containers).toEqual([
      expect.objectContaining({ name: "nginx", image: "nginx:1.27", command: ["/bin/sh", "-c", "serve"], ports: [{ containerPort: 80, protocol: "TCP" }] }),
    ]);
    expect((await k(["create", "secret", "generic", "db", "-n", "analytics", "--from-literal=password=s3cret"])).code).toBe(0);
    expect((await json(["get", "secret", "db", "-n", "analytics"])).data).toEqual({ password: Buffer.from("s3cret").toString("base64") });
    await k(["create", "role", "reader", "-n", "analytics", "--verb=get,list", "--resource=pods,deployments.apps"]);
    await k(["create", "rolebinding", "reader", "-n", "analytics", "--role=reader", "--serviceaccount=analytics:ingest"]);
    expect((await json(["get", "rolebinding", "reader", "-n", "analytics"])).subjects).toEqual([{ kind: "ServiceAccount", name: "ingest", namespace: "analytics" }]);
    expect((await json(["get", "role", "reader", "-n", "analytics"])).rules).toEqual([
      { verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] },
      { verbs: ["get", "list"], apiGroups: ["apps"], resources: ["deployments"] },
    ]);
    expect((await k(["create", "service", "clusterip", "web2", "-n", "analytics", "--tcp=80:8080"])).code).toBe(0);
    // A Job from the CronJob copies its whole pod template; the webhook then refuses its pods.
    expect((await k(["create", "job", "reports-now", "-n", "billing", "--from=cronjob/reports"])).stdout).toBe("job.batch/reports-now created\n");
    const job = await json(["get", "job", "reports-now", "-n", "billing"]);
    expect(job.spec.template.spec.serviceAccountName).toBe("reports");
    expect(job.spec.template.metadata.labels).toMatchObject({ "azure.workload.identity/use": "true" });
    await world.kube.settle();
    const events = await json(["get", "events", "-n", "billing", "--field-selector", "involvedObject.name=reports-now,reason=FailedCreate"]);
    expect(events.items[0].message).toBe(
      'Error creating: admission webhook "mutation.azure-workload-identity.io" denied the request: token expiration 1800 not valid. Expected value to be between 3600 and 86400',
    );
  });

  it("deletes objects and reports NotFound afterwards", async () => {
    const d = await k(["delete", "configmap", "settings", "-n", "shop"]);
    expect(d.stdout).toBe('configmap "settings" deleted\n');
    const g = await k(["get", "configmap", "settings", "-n", "shop"]);
    expect(g.code).toBe(1);
    expect(g.stderr.trim()).toBe('Error from server (NotFound): configmaps "settings" not found');
  });

  it("mints a token with create token that a standard JOSE library verifies against the issuer's JWKS", async () => {
    const r = await k(["create", "token", "payments", "-n", "shop", "--audience", "api://AzureADTokenExchange"]);
    expect(r.code).toBe(0);
    const jwks = createRemoteJWKSet(new URL(`${world.urls.issuer}openid/v1/jwks`));
    const { payload, protectedHeader } = await jwtVerify(r.stdout.trim(), jwks, { issuer: world.urls.issuer, audience: "api://AzureADTokenExchange" });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload.sub).toBe("system:serviceaccount:shop:payments");
    expect(payload["kubernetes.io"]).toMatchObject({ namespace: "shop", serviceaccount: { name: "payments" } });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it("answers auth can-i per user, and gives the real Forbidden to a user outside its namespaces", async () => {
    expect((await k(["auth", "can-i", "list", "pods", "-n", "shop", "--context", `viewer@${world.scenario.cluster.name}`])).stdout).toBe("yes\n");
    const no = await k(["auth", "can-i", "delete", "pods", "-n", "shop", "--context", `viewer@${world.scenario.cluster.name}`]);
    expect(no.stdout).toBe("no\n");
    expect(no.code).toBe(1);
    const forbidden = await k(["get", "pods", "-n", "billing", "--context", `viewer@${world.scenario.cluster.name}`]);
    expect(forbidden.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "billing"');
  });

  it("prints seeded container logs", async () => {
    const r = await k(["logs", "-n", "shop", "deployment/payments"]);
    expect(r.stdout).toContain("AADSTS70021: No matching federated identity record found for presented assertion.");
    expect(r.stdout).toContain(`Assertion Issuer: '${world.urls.issuer}'`);
  });

  it("watches with get -w until the request timeout, seeing changes as they happen", async () => {
    let created = false;
    const run = k(["get", "configmaps", "-n", "analytics", "-w", "--request-timeout=10s"], {
      onStdout: () => {
        if (created) return;
        created = true;
        void k(["create", "configmap", "watched", "-n", "analytics", "--from-literal=a=b"]);
      },
    });
    const r = await run;
    expect(r.stdout.split("\n")[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
    expect(r.stdout).toMatch(/^kube-root-ca\.crt\s+1\s/m);
    expect(r.stdout).toMatch(/^watched\s+1\s/m);
  }, 30_000);
});
