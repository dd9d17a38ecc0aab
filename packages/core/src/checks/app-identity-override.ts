import { kubeRef } from "../engine/refs.js";
import type { SnapshotIndex } from "../engine/snapshot-index.js";
import type { ContainerView, Workload } from "../engine/workloads.js";
import type { AppAuthenticationSettings, AzureJsonSettings } from "../model/config.js";
import type { Fix } from "../model/fix.js";
import type { KubeObject } from "../model/kube.js";
import { removeEnvFix, suggestion } from "../fixes/builders/index.js";
import { sameGuid } from "../util/guid.js";
import { appAuthenticationSettings } from "../util/identity-settings.js";
import { WI } from "../wi.js";
import { configKeyPath, containerEnv, describeEnvOrigin, mountedFiles, type EnvOrigin, type MountedFile } from "./shared/kube-app-config.js";
import { mutatedContainers } from "./shared/kube-containers.js";
import { saClientId } from "./shared/kube-use-label.js";
import { labelledWorkloads } from "./shared/workload-identity.js";
import { defineCheck, type CheckContext } from "./types.js";
import { DEPLOYMENT, example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";


const messages = {
  clientSecret:
    "container {container} of {workload} sets AZURE_CLIENT_SECRET ({source}): the Azure SDK's DefaultAzureCredential signs in with it as {identity} before it tries workload identity",
  clientCertificate:
    "container {container} of {workload} sets AZURE_CLIENT_CERTIFICATE_PATH ({source}): the Azure SDK's DefaultAzureCredential signs in with that certificate as {identity} before it tries workload identity",
  appAuthentication:
    "container {container} of {workload} sets AzureServicesAuthConnectionString ({source}): the AppAuthentication library signs in as {identity} and never uses the workload identity token",
  azureJsonServicePrincipal:
    "{file}, mounted at {path} in container {container} of {workload}, holds aadClientId and aadClientSecret: the app signs in as service principal {clientId} with that secret, not with workload identity",
  azureJsonManagedIdentity:
    "{file}, mounted at {path} in container {container} of {workload}, sets useManagedIdentityExtension and not useWorkloadIdentityExtension: the app signs in through the node's metadata endpoint as {identity}, not as the identity of ServiceAccount {sa}",
  azureJsonClientId:
    "{file}, mounted at {path} in container {container} of {workload}, uses workload identity with aadClientId {actual}: the app exchanges its token for that identity, not for {expected} of ServiceAccount {sa}",
} as const;

type Ctx = CheckContext<typeof messages>;

export const appIdentityOverride = defineCheck({
  meta: {
    id: "app-identity-override",
    severity: "warning",
    data: ["M", "K"],
    title: "The app's configuration chooses another identity",
    condition:
      "app configuration makes the app use another credential than the injected identity (`AzureServicesAuthConnectionString`, an `azure.json` with `useManagedIdentityExtension`/`userAssignedIdentityID`, `AZURE_CLIENT_SECRET` or a client certificate beside workload identity)",
    symptom: "the wrong identity is used; 403 or IMDS errors",
    description: `The webhook injects the identity, but the app decides which credential it uses. Configuration left
from an earlier way of signing in often wins over workload identity, and the app signs in as something
else (or fails) although every link of the workload identity chain is right:

- **\`AZURE_CLIENT_SECRET\` or \`AZURE_CLIENT_CERTIFICATE_PATH\`** in the container's environment: the Azure
  SDKs' \`DefaultAzureCredential\` tries \`EnvironmentCredential\` before \`WorkloadIdentityCredential\`, and
  the environment credential signs in with that secret or certificate as the app \`AZURE_CLIENT_ID\` names:
  the container's own value, or the injected client id of a managed identity, which has no secret (the
  sign-in then fails, and the chain stops there). \`AZURE_TOKEN_CREDENTIALS=WorkloadIdentityCredential\`
  takes the environment credential out of the chain, and is not reported.
- **\`AzureServicesAuthConnectionString\`**: the legacy .NET AppAuthentication library
  (\`Microsoft.Azure.Services.AppAuthentication\`) never reads the federated token. \`RunAs=App\` signs in
  with a managed identity through the node's metadata endpoint (\`AppId\` names a user-assigned one),
  \`AppKey\` or a certificate as an app registration, \`RunAs=Developer\` or \`RunAs=CurrentUser\` with tools a
  pod does not have.
- **An \`azure.json\`** mounted from a Secret or ConfigMap (external-dns, cluster-autoscaler): external-dns
  signs in with \`aadClientId\` and \`aadClientSecret\` first, then with workload identity when
  \`useWorkloadIdentityExtension\` is true (as \`aadClientId\` when it is set), then with
  \`useManagedIdentityExtension\` through the node's metadata endpoint as \`userAssignedIdentityID\` (often the
  kubelet identity).

Secrets and ConfigMaps are read by their key names; of an \`azure.json\` or a connection string stored
under the key \`AzureServicesAuthConnectionString\`, wid keeps only the settings that choose the identity,
never a secret, and prints none. Only containers of labelled pods that the webhook mutates are judged.

Fix: remove the old credential (the variable, the connection string, \`aadClientSecret\` and
\`useManagedIdentityExtension\`), set \`useWorkloadIdentityExtension: true\` in \`azure.json\`, and move
AppAuthentication code to Azure.Identity.`,
    messages,
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          SERVICE_ACCOUNT,
          DEPLOYMENT.replace(
            "          image: contoso.azurecr.io/web:1.4.2\n",
            `          image: contoso.azurecr.io/web:1.4.2
          env:
            - name: AZURE_CLIENT_SECRET          # left from the service principal the app used before
              valueFrom:
                secretKeyRef:
                  name: web-sp
                  key: client-secret
`,
          ),
        ),
      ),
      good: example(),
    },
  },
  detect(ctx) {
    for (const w of labelledWorkloads(ctx.index)) {
      const sa = ctx.index.serviceAccount(w.namespace, w.serviceAccountName);
      const saId = sa ? saClientId(sa) : undefined;
      for (const c of mutatedContainers(w)) {
        const env = containerEnv(ctx.index, w, c);
        judgeEnvironmentCredential(ctx, w, c, env, saId);
        const conn = env.get("AzureServicesAuthConnectionString");
        if (conn) judgeAppAuthentication(ctx, w, c, conn);
        for (const f of mountedFiles(ctx.index, w, c)) {
          if (f.settings?.format === "azure.json" && !f.settings.unreadable) judgeAzureJson(ctx, w, c, f, f.settings, saId, sa);
        }
      }
    }
  },
});

function workloadName(w: Workload): string {
  return `${w.kind} ${w.namespace}/${w.name}`;
}

/** Removes the variable where the container sets it; a key of an envFrom source is the user's to remove. */
function envFixes(w: Workload, c: ContainerView, name: string, origin: EnvOrigin): Fix[] {
  if (origin.kind !== "envFrom") return [removeEnvFix(w, c, origin.index, name)];
  return [suggestion(`Remove key ${origin.key} from ${origin.from} ${origin.name}, or stop importing it into container ${c.name}`, { language: "shell", text: `kubectl edit ${origin.from.toLowerCase()} ${origin.name} -n ${w.namespace}` })];
}

function named(index: SnapshotIndex, clientId: string): string {
  const identity = index.identityByClientId(clientId);
  return identity ? `${clientId} (${identity.name})` : clientId;
}

function judgeEnvironmentCredential(ctx: Ctx, w: Workload, c: ContainerView, env: Map<string, EnvOrigin>, saId: string | undefined): void {
  const pinned = env.get("AZURE_TOKEN_CREDENTIALS");
  if (pinned?.kind === "value" && ["workloadidentitycredential", "managedidentitycredential"].includes(pinned.value.trim().toLowerCase())) return;
  const secret = env.get("AZURE_CLIENT_SECRET");
  const certificate = env.get("AZURE_CLIENT_CERTIFICATE_PATH");
  // the environment credential takes the secret before the certificate
  const [variable, origin, messageId, what] = secret ? (["AZURE_CLIENT_SECRET", secret, "clientSecret", "client secret"] as const) : certificate ? (["AZURE_CLIENT_CERTIFICATE_PATH", certificate, "clientCertificate", "certificate"] as const) : [];
  if (!variable || !origin) return;
  const clientId = env.get(WI.env.clientId);
  const identity =
    clientId?.kind === "value"
      ? `app ${named(ctx.index, clientId.value)}`
      : clientId
        ? `the app whose client id comes ${describeEnvOrigin(clientId)}`
        : saId
          ? `${named(ctx.index, saId)}, the managed identity of its ServiceAccount, which has no ${what}: the sign-in fails`
          : "the app AZURE_CLIENT_ID names";
  ctx.report({
    object: w.object,
    path: origin.path,
    messageId,
    data: { container: c.name, workload: workloadName(w), source: describeEnvOrigin(origin), identity },
    evidence: { expected: "no credential of its own beside workload identity", actual: `${variable} ${describeEnvOrigin(origin)}`, container: c.name, credential: "EnvironmentCredential", clientId: clientId?.kind === "value" ? clientId.value : (saId ?? null) },
    fixes: envFixes(w, c, variable, origin),
    workload: w,
    ...(origin.kind !== "value" && origin.object ? { related: [kubeRef(origin.object, configKeyPath(origin.object, origin.key))] } : {}),
  });
}

/** Which identity an AppAuthentication connection string signs in as, in words. */
function appAuthenticationIdentity(index: SnapshotIndex, s: AppAuthenticationSettings): string {
  const runAs = (s.runAs ?? "").toLowerCase();
  if (runAs === "developer") return `the developer tool ${s.developerTool ?? "(none named)"}, which a pod does not have`;
  if (runAs === "currentuser") return "the signed-in Windows user, which a pod does not have";
  if (s.credential === "secret") return `app registration ${s.appId ? named(index, s.appId) : "(no AppId)"} with a client secret`;
  if (s.credential === "certificate") return `app registration ${s.appId ? named(index, s.appId) : "(no AppId)"} with a certificate`;
  return s.appId ? `user-assigned managed identity ${named(index, s.appId)} through the node's metadata endpoint` : "a managed identity through the node's metadata endpoint (on AKS, the node's)";
}

function judgeAppAuthentication(ctx: Ctx, w: Workload, c: ContainerView, origin: EnvOrigin): void {
  const settings =
    origin.kind === "value" ? appAuthenticationSettings(origin.value) : origin.object?.identitySettings?.[origin.key]?.format === "app-authentication" ? (origin.object.identitySettings[origin.key] as AppAuthenticationSettings) : undefined;
  const identity = settings ? appAuthenticationIdentity(ctx.index, settings) : `the identity the connection string ${describeEnvOrigin(origin)} names`;
  ctx.report({
    object: w.object,
    path: origin.path,
    messageId: "appAuthentication",
    data: { container: c.name, workload: workloadName(w), source: describeEnvOrigin(origin), identity },
    evidence: {
      expected: "Azure.Identity's workload identity credential",
      actual: "Microsoft.Azure.Services.AppAuthentication",
      ...(settings ? { runAs: settings.runAs ?? null, appId: settings.appId ?? null, credential: settings.credential } : {}),
    },
    fixes: envFixes(w, c, "AzureServicesAuthConnectionString", origin),
    workload: w,
  });
}

function managedIdentity(index: SnapshotIndex, s: AzureJsonSettings): string {
  return s.userAssignedIdentityID ? `user-assigned identity ${named(index, s.userAssignedIdentityID)}` : "the node's managed identity";
}

function azureJsonFix(f: MountedFile): Fix {
  const settings: Record<string, unknown> = { useWorkloadIdentityExtension: true };
  if (f.settings?.format === "azure.json" && f.settings.tenantId) settings["tenantId"] = f.settings.tenantId;
  return suggestion(
    `Sign in with workload identity in ${f.key} of ${f.object.kind} ${f.object.name}: remove aadClientSecret and useManagedIdentityExtension, set useWorkloadIdentityExtension`,
    { language: "shell", text: `kubectl edit ${f.object.kind.toLowerCase()} ${f.object.name} -n ${f.object.namespace ?? "default"}   # ${f.key}: ${JSON.stringify(settings)}` },
  );
}

function judgeAzureJson(ctx: Ctx, w: Workload, c: ContainerView, f: MountedFile, s: AzureJsonSettings, saId: string | undefined, sa: KubeObject | undefined): void {
  const common = {
    object: f.object,
    path: configKeyPath(f.object, f.key),
    fixes: [azureJsonFix(f)],
    workload: w,
    related: [kubeRef(w.object, f.mountPath)],
  };
  const place = { file: `${f.key} of ${f.object.kind} ${f.object.namespace ?? "default"}/${f.object.name}`, path: f.path, container: c.name, workload: workloadName(w) };
  const saName = sa ? `${sa.namespace}/${sa.name}` : `${w.namespace}/${w.serviceAccountName}`;
  if (s.clientSecretSet && s.aadClientId) {
    ctx.report({ ...common, messageId: "azureJsonServicePrincipal", data: { ...place, clientId: named(ctx.index, s.aadClientId) }, evidence: { expected: "useWorkloadIdentityExtension: true, no aadClientSecret", actual: { aadClientId: s.aadClientId, aadClientSecret: "set", useWorkloadIdentityExtension: s.useWorkloadIdentityExtension } } });
  } else if (s.useWorkloadIdentityExtension) {
    if (s.aadClientId && saId && !sameGuid(s.aadClientId, saId)) {
      ctx.report({ ...common, messageId: "azureJsonClientId", data: { ...place, actual: named(ctx.index, s.aadClientId), expected: named(ctx.index, saId), sa: saName }, evidence: { expected: saId, actual: s.aadClientId } });
    }
  } else if (s.useManagedIdentityExtension) {
    ctx.report({
      ...common,
      messageId: "azureJsonManagedIdentity",
      data: { ...place, identity: managedIdentity(ctx.index, s), sa: saName },
      evidence: { expected: "useWorkloadIdentityExtension: true", actual: { useManagedIdentityExtension: true, userAssignedIdentityID: s.userAssignedIdentityID ?? null } },
    });
  }
}
