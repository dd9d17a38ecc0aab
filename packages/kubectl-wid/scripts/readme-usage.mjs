// Writes the usage section of the root README.md (between `<!-- usage -->` and `<!-- /usage -->`)
// from real output of the built CLI on examples/. Run after `pnpm run build`.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const cli = join(root, "packages", "kubectl-wid", "dist", "kubectl-wid.mjs");
const readme = join(root, "README.md");
const START = "<!-- usage -->";
const END = "<!-- /usage -->";
const EXAMPLE = ["-f", "examples/manifests", "--azure", "examples/azure"];

/** Output of `kubectl wid ARGS` run from the repository root, whatever its exit status. */
function wid(...args) {
  try {
    return execFileSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    if (typeof e.stdout === "string" && e.status !== 2) return e.stdout;
    throw new Error(`kubectl wid ${args.join(" ")} failed (${e.status}): ${e.stderr}`);
  }
}

/** `kubectl wid demo --serve` in the background, and `wid` run against it as from another shell. */
async function servedDemo() {
  const dir = mkdtempSync(join(tmpdir(), "wid-readme-"));
  const envFile = join(dir, "wid.env");
  const child = spawn(process.execPath, ["--", cli, "demo", "--serve", "--save-env", envFile], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  await new Promise((ready, fail) => {
    child.stderr.on("data", (d) => {
      stderr += d.toString();
      if (stderr.includes("Ctrl-C stops it")) ready();
    });
    child.on("exit", (code) => fail(new Error(`demo --serve exited with ${code}: ${stderr}`)));
  });
  const env = {};
  for (const line of readFileSync(envFile, "utf8").split("\n")) {
    const m = /^export ([A-Z_]+)='(.*)'$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  const run = (...args) => {
    try {
      return execFileSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      if (typeof e.stdout === "string" && e.status !== 2) return e.stdout;
      throw new Error(`kubectl wid ${args.join(" ")} failed (${e.status}): ${e.stderr}`);
    }
  };
  const kubectl = (...args) => execFileSync("kubectl", ["--kubeconfig", env.KUBECONFIG, ...args], { encoding: "utf8" });
  return {
    run,
    kubectl,
    stop: () => {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The simulation listens on loopback ports that change from run to run. */
function stablePorts(text) {
  return text.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");
}

/** The first fixes of a live plan, then the dry run's verdicts and summary. */
function livePlanExcerpt(out, fixes) {
  const [plan, rest] = out.split(/\n(?=Dry run: what)/);
  const blocks = plan.trimEnd().split(/\n\n/);
  const shown = blocks.slice(0, fixes + 1);
  const verdicts = rest.split("\n").filter((l) => /^(Dry run|  would do)/.test(l));
  const summary = verdicts.pop();
  return [...shown.join("\n\n").split("\n"), "", `  [... ${blocks.length - 1 - fixes} more fixes ...]`, "", ...verdicts, "", summary].join("\n");
}

/** What a live fix applied, the rounds, and each remaining finding with the first line of its why. */
function liveRunExcerpt(out) {
  const lines = out.split("\n");
  const from = lines.findIndex((l) => l === "Applying:");
  const kept = [];
  for (const l of lines.slice(from)) {
    if (/^ {4}(fix|kubectl|az)|^ {6}/.test(l) && !/^ {6}kubectl rollout restart/.test(l)) continue;
    if (/^ {4}\S/.test(l) && !/^ {4}(needs your choice|evidence from before|or let wid do it|fix:)/.test(l)) continue;
    kept.push(l);
  }
  return kept.join("\n").replace(/\n{3,}/g, "\n\n");
}

function fence(text, lang = "") {
  return ["```" + lang, text.trimEnd(), "```"].join("\n");
}

/** The first `groups` workload groups of the text report, then its not-run section and summary. */
function excerpt(text, groups) {
  const blocks = text.trimEnd().split(/\n(?=\S)/);
  const findings = blocks.filter((b) => !b.startsWith("Not run") && !b.startsWith("summary"));
  const tail = blocks.filter((b) => b.startsWith("Not run") || b.startsWith("summary"));
  const shown = findings.slice(0, groups);
  const more = findings.length - shown.length;
  return [...shown, ...(more > 0 ? [`[... ${more} more workloads ...]\n`] : []), ...tail].join("\n");
}

function jsonExcerpt(text) {
  const doc = JSON.parse(text);
  return JSON.stringify({ ...doc, findings: doc.findings.slice(0, 1), notRun: doc.notRun.slice(0, 1), problems: doc.problems.slice(0, 1) }, null, 2);
}

/** The first two file diffs of a dry run, then its summary lines. */
function fixExcerpt(out) {
  const diffs = out.split(/\n(?=--- a\/)/).filter((d) => d.startsWith("--- a/"));
  const summary = out.split("\n").filter((l) => /^(Dry run|Not fixable|Not applied|Next step)/.test(l));
  return [...diffs.slice(0, 2).map((d) => d.split(/\n(?=Not |Dry run)/)[0].trimEnd()), `[... ${diffs.length - 2} more files ...]`, ...summary].join("\n");
}

/** The first chains of `status`, then its summary line. */
function statusExcerpt(text) {
  const blocks = text.trimEnd().split(/\n\n/);
  return [...blocks.slice(0, 2), `[... ${blocks.length - 3} more workloads ...]`, blocks.at(-1)].join("\n\n");
}

const text = wid("doctor", ...EXAMPLE);
const demo = await servedDemo();
let live;
try {
  const dryRun = demo.run("fix", "-A", "--dry-run");
  const applied = demo.run("fix", "-A", "--yes");
  demo.kubectl("create", "namespace", "newapp");
  const setupRun = demo.run("setup", "-n", "newapp", "--service-account", "web", "--identity", "id-web", "--create-identity", "--resource-group", "rg-shop", "--location", "eastus", "--yes");
  const setupAgain = demo.run("setup", "-n", "newapp", "--service-account", "web", "--identity", "id-web", "--yes");
  const verified = demo.run("verify", "-n", "newapp", "web");
  live = { dryRun: stablePorts(dryRun), applied: stablePorts(applied), setupRun: stablePorts(setupRun), setupAgain: stablePorts(setupAgain), verified: stablePorts(verified) };
} finally {
  demo.stop();
}
const section = `${START}
## Usage

Inside this repository \`pnpm wid ARGS\` runs the built CLI (\`pnpm run build\` first). Installed as a
kubectl plugin (the file \`kubectl-wid\` on your \`PATH\`), the same commands are \`kubectl wid ARGS\`.

| command | what it does |
|---|---|
| \`kubectl wid doctor\` | checks the live cluster of your kubeconfig (or manifests with \`-f\`) and Azure (your sign-in, or \`--azure\` exports) and reports what is broken, where, and how to fix it |
| \`kubectl wid status\` | shows each workload's chain, pod -> ServiceAccount -> identity -> federated credentials -> role assignments, each link ok or broken |
| \`kubectl wid fix\` | mends what the doctor finds in the live cluster and Azure (or manifest files with \`-f\`): shows the plan with its \`kubectl\`/\`az\` commands, asks, applies, runs the doctor again and says what remains and why |
| \`kubectl wid setup\` | wires a ServiceAccount to a managed identity in one step: annotates (or creates) it, trusts it with a federated credential for the cluster's issuer, optionally creates the identity and grants a role |
| \`kubectl wid verify -n NS SA\` | proves a ServiceAccount can get an Entra ID token (mints one, checks it against the issuer, exchanges it) or names the AADSTS code and its cause |
| \`kubectl wid checks\` | lists every check: id, severity, the data it needs, whether this version implements it |
| \`kubectl wid explain ID\` | prints a check's documentation (the same as [docs/checks](docs/checks/README.md)) |
| \`kubectl wid demo\` | runs the doctor on a simulated AKS cluster and Azure with typical mistakes; \`--serve\` keeps that world running for \`kubectl\` |
| \`kubectl wid version\` | prints the version, the commit it was built from, the platform and the runtime inside (\`-o json\` for tools) |

### kubectl wid doctor

\`\`\`sh
kubectl wid doctor -A                                # the live cluster, every namespace, and Azure
kubectl wid doctor -A --azure azure/                 # the same with Azure CLI exports instead of live Azure
kubectl wid doctor --context prod -n shop            # one namespace of another context
kubectl wid doctor -f k8s/ --azure azure/            # manifests and Azure CLI exports
helm template shop ./chart | kubectl wid doctor -f - # rendered Helm output from stdin
kubectl kustomize overlays/prod | kubectl wid doctor -f - -n shop
kubectl wid doctor -f k8s/ -o sarif > wid.sarif      # for code scanning
\`\`\`

\`--azure\` takes files or directories of JSON printed by the Azure CLI, each recognised by its shape:
\`az identity list\`, \`az identity federated-credential list\`, \`az role assignment list --all\`,
\`az role definition list\`, \`az aks show\`, \`az keyvault list\` (see \`examples/export-azure.sh\`).
A check whose data was not given is reported as *not run*, with what to add; it never passes
silently.

Without \`-f\` (or with \`--kubeconfig\`/\`--context\`) the doctor reads the live cluster as kubectl
would reach it: \`--kubeconfig\`, else every file of \`KUBECONFIG\` merged as kubectl merges them, else
\`~/.kube/config\`; bearer tokens, client certificates and exec credential plugins such as
\`kubelogin\`. \`-n\` reads one namespace (default: the context's), \`-A\` every namespace you may read.
It lists only the kinds the checks need, 500 objects a page, cluster-wide when you may and
namespace by namespace when you may not; the webhook's objects by name; Warning events; and the
last 200 log lines of one pod per workload that uses workload identity (never one request per
pod). Secrets are read for their key names only, ConfigMaps keep values only where the checks
read them, and tokens, keys and connection-string secrets in logs and events are masked before
anything else sees them. Each answer has a timeout (\`--request-timeout\`, 15 s); \`429\` waits for
its \`Retry-After\`, \`5xx\` and dropped connections are retried with backoff. What could not be
read is listed under *Not read*, with why (\`forbidden\` and the RBAC message, a timeout, ...), and
the checks judge only what was read: with no right to list MutatingWebhookConfigurations you get
your namespace's findings and no verdict on the webhook, never a false "webhook missing". A
cluster that cannot be reached at all is an input error (exit status 2) after the report. Azure
is then read for what the cluster names (below), unless \`--azure\` exports are given, which are
used instead; and the cluster's OIDC issuer is checked with a token minted from the cluster.

On \`examples/\` (an excerpt: the first workloads, then the end of the report):

${fence(`$ kubectl wid doctor ${EXAMPLE.join(" ")}\n` + excerpt(text, 3))}

Findings are grouped by workload (\`namespace/Kind/name\`); findings about no workload come last,
under \`cluster\` or \`Azure\`. Each shows its severity, check id, \`file:line:column\` and object, the
message, what was expected and what was found, and the fix as a YAML snippet or a command.
\`--verbose\` lists the checks that did not run one by one, and shows skipped input (YAML documents
that are not Kubernetes objects). Problems with the input itself go to stderr as
\`file:line:column: severity: message\`.

On a terminal the doctor shows its progress (files read, objects counted, checks running) on a live
line, then lets you browse the findings, grouped by workload, with the keyboard: a finding's detail
shows its workload's identity chain (pod → ServiceAccount → identity → federated credentials → role
assignments → targets) with the broken link marked, the evidence (expected and found) and the check's
docs; \`f\` previews its fix (the diff of a manifest file, or the plan with its \`kubectl\`/\`az\`
commands for the live cluster and Azure) and \`y\` applies it, after which the doctor runs again and
the list is refreshed. A fix that needs your choice shows the command to run instead. Quitting
leaves the summary line on the screen; the exit status is that of the last run. The keys are read
from the terminal even when the manifests come on stdin (\`-f -\`). \`kubectl wid demo\` is
interactive in the same way.

| Keys | What they do |
| --- | --- |
| \`↑\` \`↓\` / \`k\` \`j\` | select the previous / next finding (in the detail: scroll) |
| \`PgUp\` \`PgDn\` | a page up / down |
| \`Home\` \`End\` / \`g\` \`G\` | the first / last finding |
| \`Enter\` / \`→\` / \`l\` | open the finding's detail: identity chain, evidence, expected and found, docs |
| \`←\` / \`Esc\` / \`h\` | back to the list |
| \`f\` | preview the finding's fix; \`y\` applies it, any other key cancels |
| \`/\` | filter by check id, workload, namespace or message (\`Enter\` keeps it, \`Esc\` clears it) |
| \`?\` | the keys |
| \`q\` / \`Ctrl-C\` | quit |

\`--no-interactive\` prints the report once instead, after the progress line. With stdout
redirected, a one-line progress goes to stderr when that is a terminal. Pipes, files and
\`-o json|yaml|sarif\` get the report alone; \`--no-tty\`, \`CI\` or \`TERM=dumb\` turn the live view off.

#### Output formats

- \`-o text\` (default): the report above; coloured on a terminal unless \`--no-color\` or \`NO_COLOR\` is set.
- \`-o json\`: a versioned document other tools can rely on; \`-o yaml\`: the same document as YAML.
- \`-o sarif\`: SARIF 2.1.0, one rule per check id, for GitHub code scanning and other SARIF viewers.
  File locations are relative to the working directory: run it from the repository root.

${fence(`$ kubectl wid doctor ${EXAMPLE.join(" ")} -o json   # trimmed to the first item of each list\n` + jsonExcerpt(wid("doctor", ...EXAMPLE, "-o", "json")), "json")}

#### Exit status

| status | meaning |
|---|---|
| 0 | no finding at or above \`--fail-on\` (default \`error\`; \`warning\`, \`info\`, or \`none\` to never fail) |
| 1 | at least one finding at or above \`--fail-on\` |
| 2 | bad usage or unreadable input: a missing or binary file, invalid YAML or JSON, an unknown check id, a kubeconfig without the context named. Also when an input file had an error or the live cluster could not be reached, after the report is printed |
| 70 | a bug in wid; \`WID_DEBUG=1\` prints where it happened |

#### Flags

${fence("$ kubectl wid doctor --help\n" + wid("doctor", "--help"))}

### kubectl wid fix

\`\`\`sh
kubectl wid fix -A                         # the live cluster and Azure: plan, ask, apply, doctor again
kubectl wid fix -n shop --check pod-not-mutated --yes   # one check, one namespace, without asking
kubectl wid fix -A --dry-run               # the plan, and what the API server and Azure say of it
kubectl wid fix -f k8s/ --azure azure/     # manifest files: show the diff, ask, write, run the doctor again
kubectl wid fix -f k8s/ --dry-run          # the diff only
kubectl wid fix -f k8s/ --yes              # without asking (CI, scripts)
helm template ./chart | kubectl wid fix -f - > fixed.yaml   # a stream: the fixed text on stdout
\`\`\`

Without \`-f\`, \`fix\` reads what the doctor reads (the live cluster as kubectl reaches it, with
\`-n\`, \`-A\`, \`--kubeconfig\`, \`--context\`, and live Azure with \`--subscription\`), plans the fixes
that can be applied live and shows each with its finding and the equivalent \`kubectl\` or \`az\`
command, asks (\`--yes\` off a terminal; without it nothing changes and the exit status is 1), applies
them, waits for the rollouts it started (as \`kubectl rollout status\` does), and runs the doctor
again: fixes that the first ones reveal (a fixed client-id annotation means the pods must be
restarted) are planned and applied in a second round, and each finding left is listed with why.

In the cluster, a fix is a JSON merge patch by field manager \`wid\` or a rollout restart as
\`kubectl rollout restart\` makes it (the pod template annotation \`kubectl.kubernetes.io/restartedAt\`).
Every step of a fix is checked before any is written: the object must be the one the doctor read
(the same \`uid\` and \`resourceVersion\`), and the API server must accept the change in a dry run
(\`dryRun=All\`); the write carries the \`resourceVersion\` it was checked against, so an object
changed meanwhile is refused (409), never overwritten. In Azure, a federated credential is created
or corrected with the cluster's issuer, the exact subject and the audience \`api://AzureADTokenExchange\`,
a role assignment is granted to the identity's principal id (or a misdirected one removed), a Key
Vault access policy is set; each step's precondition (the credential as read, or its absence) is
checked again right before its write, writes to one identity's credentials are never concurrent
(Azure refuses them with 409), and throttled requests wait for their \`Retry-After\`. A 403, a 409 or
a lost connection is reported on the step's line; a connection lost during a write is followed by
a read that says whether the write was made. Ctrl-C stops after the step in progress: each object
is left either unchanged or fully changed, and the output says which (exit status 130).

A finding whose fix needs a choice (which identity a ServiceAccount uses, which role on which
resource) is asked about on a terminal, and set up with the answer; off a terminal (or with
\`--yes\`) it is listed with the \`kubectl wid setup\` command that makes it. Nothing is guessed.
Against the simulated world of \`kubectl wid demo --serve\` (loopback ports shown as PORT):

${fence("$ kubectl wid fix -A --dry-run   # an excerpt\n" + livePlanExcerpt(live.dryRun, 3))}

${fence("$ kubectl wid fix -A --yes   # what it applied, and each finding left with why (excerpt)\n" + liveRunExcerpt(live.applied))}

With \`-f\`, \`fix\` applies the fixes of the doctor's findings that live in the files: a misspelled or misplaced
annotation, a missing or wrong pod label, a bad token expiration, a hard-coded token path, and so
on. Each edit touches only the key or value at fault: comments, quoting, key order, anchors and
line ends stay as they were, and the diff shows exactly what changes. A fix made from a file that
has changed since it was read is refused, never applied to the wrong value; each file is written
at once (a temporary file renamed over it, its mode kept), and only after you confirm (\`--yes\`
off a terminal; without it, nothing changes and the exit status is 1). Fixes that the first ones
reveal (a fixed annotation shows that the pod label is missing) are planned in the same run and
shown in the same diff. What the files cannot mend is listed with its reason: it lives in Azure
(with the \`az\` command), or it needs a choice (which identity, which role).

${fence(`$ kubectl wid fix ${EXAMPLE.join(" ")} --dry-run   # an excerpt\n` + fixExcerpt(wid("fix", ...EXAMPLE, "--dry-run")))}

### kubectl wid setup

\`\`\`sh
kubectl wid setup -n shop --service-account orders --identity id-orders
kubectl wid setup -n shop --service-account cart --identity id-cart --create-identity --resource-group rg-apps --location eastus
kubectl wid setup -n shop --service-account orders --identity id-orders --role "Key Vault Secrets User" --scope "$(az keyvault show -n kv-shop --query id -o tsv)"
kubectl wid setup -n shop --service-account orders --identity id-orders -o yaml > orders-sa.yaml   # GitOps
\`\`\`

\`setup\` wires a ServiceAccount to a user-assigned managed identity (found by name or client id
across the subscriptions, or created with \`--create-identity --resource-group RG --location L\`):
it creates the ServiceAccount, or annotates it with the identity's client id (one that names
another identity is left alone unless \`--overwrite\`); it trusts it from the identity with a
federated credential for the cluster's OIDC issuer (read from the AKS cluster behind the
kubeconfig's API server, or from a token the cluster mints), the exact subject
\`system:serviceaccount:NS:SA\` and the audience \`api://AzureADTokenExchange\`; and with \`--role\`
and \`--scope\` it grants the identity's principal that role there. It shows the plan with the
\`kubectl\` and \`az\` commands, asks (or \`--yes\`), applies it with the same executors as \`fix\`,
and prints what it did and the pod template label to add. What is in place already is left
alone: a second run changes nothing and says so. \`--dry-run\` prints the plan and what the API
server and Azure say of it; \`-o yaml\` prints the ServiceAccount's manifest, with the Azure side as
\`az\` commands in comments, instead of applying anything.

${fence("$ kubectl wid setup -n newapp --service-account web --identity id-web --create-identity --resource-group rg-shop --location eastus --yes\n" + live.setupRun)}

${fence("$ kubectl wid setup -n newapp --service-account web --identity id-web --yes   # again\n" + live.setupAgain.split("\n").slice(0, 4).join("\n"))}

${fence("$ kubectl wid verify -n newapp web\n" + live.verified.split("\n").slice(0, 8).join("\n"))}

### kubectl wid status

\`\`\`sh
kubectl wid status -A                        # every workload that uses workload identity
kubectl wid status -n shop -o json           # one namespace, as JSON (see docs/json-output.md)
\`\`\`

\`status\` reads what \`doctor\` reads (the live cluster, or \`-f\` and \`--azure\`), runs the same
checks, and shows each workload's chain link by link: \`ok\`, \`broken\` with the ids of the
findings that break it (\`kubectl wid explain ID\` says why), or \`unknown\` with the data it needs.

${fence(`$ kubectl wid status ${EXAMPLE.join(" ")}   # an excerpt\n` + statusExcerpt(wid("status", ...EXAMPLE)))}

### kubectl wid checks and explain

${fence("$ kubectl wid checks | head -6\n" + wid("checks").split("\n").slice(0, 6).join("\n"))}

\`kubectl wid checks -o json\` prints the same as JSON. \`kubectl wid explain ID\` prints why a check
fires, what you see when it does, and how to fix it; a misspelled id gets a suggestion.

### kubectl wid verify

\`kubectl wid verify -n NS SA [--scope SCOPE]\` proves a setup without deploying a pod: it mints a
short-lived token for the ServiceAccount through the TokenRequest API (audience
\`api://AzureADTokenExchange\`, as the webhook's projected token has), fetches the issuer's discovery
document and keys and verifies the token's signature with them, then exchanges the token with Entra ID
as the workload would (client id from the ServiceAccount's annotation, tenant from its annotation or
the webhook's default). It prints each step, never a token. When the exchange fails it prints the
AADSTS code, what it means, and the findings of the ServiceAccount's chain that explain it (its
identity, federated credentials and role assignments read from live Azure); checks that could not
run, for lack of Azure access, are named with the reason. Exit status: 0 when Entra ID issued a
token, 1 when it did not, 2 for bad usage. \`-o json\` prints the same as a document.

\`\`\`sh
kubectl wid verify -n shop orders                  # ok: Entra ID issued a token
kubectl wid verify -n shop payments                # AADSTS70021, explained by fic-subject-mismatch
kubectl wid verify -n shop orders --scope https://vault.azure.net/.default
\`\`\`

### Live Azure: sign-in, subscriptions, other clouds

wid reads Azure with the same sign-in as the Azure SDKs (\`DefaultAzureCredential\`): \`az login\`,
or \`AZURE_CLIENT_ID\`/\`AZURE_TENANT_ID\`/\`AZURE_CLIENT_SECRET\`, workload identity or a managed
identity (\`AZURE_TOKEN_CREDENTIALS\` narrows the chain). It reads the subscriptions named with
\`--subscription\` (repeatable), else \`AZURE_SUBSCRIPTION_ID\`, else every subscription the sign-in
can see; the AKS cluster whose API server the kubeconfig names (or \`--aks-cluster ID\`); and for the
identities and Key Vaults the cluster's ServiceAccounts and SecretProviderClasses name: their federated
credentials, role assignments and settings. Without Azure access (no sign-in, an expired one, 403) the
Azure checks say *not run* and why. For a national cloud (or the simulation of \`kubectl wid demo
--serve\`), set the two endpoints:

| variable | what | public cloud |
|---|---|---|
| \`AZURE_AUTHORITY_HOST\` | Entra ID, where tokens come from (the Azure SDKs read it too) | \`https://login.microsoftonline.com/\` |
| \`WID_ARM_ENDPOINT\` | Azure Resource Manager; tokens are asked for \`<endpoint>/.default\` | \`https://management.azure.com\` |

For example \`AZURE_AUTHORITY_HOST=https://login.microsoftonline.us/\` and
\`WID_ARM_ENDPOINT=https://management.usgovcloudapi.net\` for Azure Government.

### kubectl wid demo

\`kubectl wid demo\` starts a simulated world on loopback (a kube-apiserver with the workload
identity webhook, ARM, Entra ID and an OIDC issuer; see [packages/fake-cloud](packages/fake-cloud)),
runs the doctor on it through the live path (the cluster read over HTTPS as from a kubeconfig,
Azure through its SDKs as after a sign-in, the issuer's documents) and stops it.
\`--scenario NAME|FILE\` picks another world (\`default\`, \`webhook-down\`, \`webhook-1.5\`,
\`issuer-unreachable\`, \`medium\`, \`large\`, \`empty\`, or a scenario file of your own).
\`--export DIR\` also writes the simulated world's manifests and Azure CLI JSON to DIR, to run the
doctor on offline.

\`--serve\` keeps the world running until Ctrl-C and writes the shell settings that point
\`kubectl\`, wid and the Azure SDKs at it:

\`\`\`sh
pnpm wid demo --serve --save-env /tmp/wid.env        # in one shell
. /tmp/wid.env && kubectl get pods -A                 # in another: get, apply, patch,
kubectl rollout restart deployment/notifier -n shop   # restart, create token, ...
pnpm wid doctor -A                                    # the doctor, live: the cluster and Azure
pnpm wid status -A                                    # each workload's chain
pnpm wid verify -n shop payments                      # the token exchange and its AADSTS code
\`\`\`

The env file holds \`KUBECONFIG\`, \`NODE_EXTRA_CA_CERTS\` (the simulation's CA), \`AZURE_AUTHORITY_HOST\`
and \`WID_ARM_ENDPOINT\` (its Entra ID and ARM), \`AZURE_TENANT_ID\`, \`AZURE_CLIENT_ID\` and
\`AZURE_CLIENT_SECRET\` of its operator principal with \`AZURE_TOKEN_CREDENTIALS=EnvironmentCredential\`
(so no real sign-in of your machine is used), and \`AZURE_SUBSCRIPTION_ID\`.

A pod created with the label \`azure.workload.identity/use: "true"\` and an annotated ServiceAccount
comes back mutated as the real webhook does it (env, projected token volume and mount).
${END}`;

const current = readFileSync(readme, "utf8");
const start = current.indexOf(START);
if (start < 0) throw new Error(`README.md has no ${START} marker`);
const end = current.indexOf(END, start);
const next = current.slice(0, start) + section + (end < 0 ? "\n" : current.slice(end + END.length));
writeFileSync(readme, next);
console.log(`README.md: usage section written (${section.split("\n").length} lines)`);
