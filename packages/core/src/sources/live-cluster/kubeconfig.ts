import { existsSync } from "node:fs";
import { setting } from "../../setting-names.js";
import { delimiter, join } from "node:path";
import { KubeConfig, type Cluster, type Context, type User } from "@kubernetes/client-node";
import { UserError } from "../../errors.js";

export interface KubeconfigChoice {
  /** `--kubeconfig`: this file alone, as kubectl reads it. */
  kubeconfig?: string;
  /** `--context`; else the kubeconfig's current context. */
  context?: string;
  /** The environment to read `KUBECONFIG` and the home directory from. */
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedKubeconfig {
  kc: KubeConfig;
  /** The files read, in order. */
  files: string[];
  context: { name: string; server: string; namespace?: string; user?: string };
}

const FLAGS_HINT = `name a kubeconfig (${setting("kubeconfig")} or KUBECONFIG) and a context (${setting("context")}), or check manifests instead (${setting("manifests")})`;

/** The kubeconfig files kubectl would read: `--kubeconfig`, else every existing file of `KUBECONFIG`, else ~/.kube/config. */
function kubeconfigFiles(choice: KubeconfigChoice): string[] {
  if (choice.kubeconfig !== undefined) {
    if (!existsSync(choice.kubeconfig)) throw new UserError(`${setting("kubeconfig")} ${choice.kubeconfig}: no such file`, { hint: "name an existing kubeconfig file" });
    return [choice.kubeconfig];
  }
  const env = choice.env ?? process.env;
  const fromEnv = (env["KUBECONFIG"] ?? "").split(delimiter).filter((f) => f !== "");
  if (fromEnv.length > 0) {
    // kubectl skips the files of KUBECONFIG that do not exist, and fails only when none does
    const existing = [...new Set(fromEnv)].filter((f) => existsSync(f));
    if (existing.length === 0) throw new UserError(`KUBECONFIG names no existing file (${fromEnv.join(delimiter)})`, { hint: FLAGS_HINT });
    return existing;
  }
  // as client-go finds the home directory: HOME, and on Windows USERPROFILE too
  const home = env["HOME"] || (process.platform === "win32" ? env["USERPROFILE"] : undefined);
  const file = home ? join(home, ".kube", "config") : undefined;
  if (!file || !existsSync(file)) throw new UserError("no kubeconfig: KUBECONFIG is not set and ~/.kube/config does not exist", { hint: FLAGS_HINT });
  return [file];
}

/** Whether kubectl would find a kubeconfig at all (a named one, `KUBECONFIG`, or ~/.kube/config). */
export function kubeconfigAvailable(choice: KubeconfigChoice): boolean {
  try {
    kubeconfigFiles(choice);
    return true;
  } catch {
    return false;
  }
}

function loadOne(file: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file, { onInvalidEntry: "filter" });
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new UserError(`${file}: not a readable kubeconfig: ${message}`, { file, hint: "a kubeconfig is YAML with clusters, users and contexts; `kubectl config view` shows what kubectl makes of it" });
  }
  return kc;
}

/**
 * The kubeconfig as kubectl merges it: for each cluster, user and context name the first file
 * that defines it wins, and so does the first `current-context` (client-node's own merge lets the
 * last file win and fails on a name defined twice).
 */
export function resolveKubeconfig(choice: KubeconfigChoice): ResolvedKubeconfig {
  const files = kubeconfigFiles(choice);
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let current = "";
  for (const file of files) {
    const kc = loadOne(file);
    for (const c of kc.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!current && kc.getCurrentContext()) current = kc.getCurrentContext();
  }
  const where = files.length === 1 ? files[0]! : `the kubeconfig files ${files.join(", ")}`;
  const name = choice.context ?? current;
  if (!name) throw new UserError(`${where} sets no current context`, { hint: `choose one (${setting("context")}): ${[...contexts.keys()].join(", ") || "it defines none"}` });
  const context = contexts.get(name);
  if (!context) {
    throw new UserError(`${choice.context !== undefined ? `${setting("context")} ${name}` : `the current context "${name}"`}: ${where} defines no such context`, {
      hint: contexts.size ? `its contexts: ${[...contexts.keys()].join(", ")}` : "it defines no context",
    });
  }
  const cluster = clusters.get(context.cluster);
  if (!cluster) throw new UserError(`context "${name}" names cluster "${context.cluster}", which ${where} does not define (or defines without a server)`, { hint: "`kubectl config view` shows the kubeconfig as kubectl reads it" });
  if (context.user && !users.has(context.user)) throw new UserError(`context "${name}" names user "${context.user}", which ${where} does not define`, { hint: "`kubectl config view` shows the kubeconfig as kubectl reads it" });
  if (cluster.server.startsWith("http:") && !cluster.skipTLSVerify) {
    throw new UserError(`cluster "${cluster.name}" is served over plain http (${cluster.server})`, { hint: "use its https address, or set insecure-skip-tls-verify: true for the cluster in the kubeconfig" });
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: name });
  return {
    kc,
    files,
    context: { name, server: cluster.server, ...(context.namespace ? { namespace: context.namespace } : {}), ...(context.user ? { user: context.user } : {}) },
  };
}
