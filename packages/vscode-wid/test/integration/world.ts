import { readFileSync } from "node:fs";
import { request } from "node:https";
import { parse } from "yaml";

/**
 * Reads the simulated world back as a user's tools would, outside the extension: the cluster
 * through the API server with the kubeconfig the runner gave the host, Azure through ARM with the
 * service principal its environment signs in with.
 */

function httpsJson(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; ca: string | Buffer }): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? "GET", headers: opts.headers ?? {}, ca: opts.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        try {
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        } catch (e) {
          reject(new Error(`${url}: ${res.statusCode} ${text.slice(0, 200)} (${e instanceof Error ? e.message : String(e)})`));
        }
      });
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

interface KubeconfigDoc {
  clusters: { name: string; cluster: { server: string; "certificate-authority-data": string } }[];
  users: { name: string; user: { token?: string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  "current-context": string;
}

/** The kubeconfig's current context: its server, CA and token. */
function kube(): { server: string; ca: Buffer; token: string } {
  const path = process.env["KUBECONFIG"];
  if (!path) throw new Error("the runner names the simulated cluster's kubeconfig in KUBECONFIG");
  const doc = parse(readFileSync(path, "utf8")) as KubeconfigDoc;
  const ctx = doc.contexts.find((c) => c.name === doc["current-context"])!.context;
  const cluster = doc.clusters.find((c) => c.name === ctx.cluster)!.cluster;
  const token = doc.users.find((u) => u.name === ctx.user)!.user.token!;
  return { server: cluster.server, ca: Buffer.from(cluster["certificate-authority-data"], "base64"), token };
}

/** The kubeconfig's token: what the tests check never shows. */
export function kubeToken(): string {
  return kube().token;
}

/** GET of an API server path (`/api/v1/namespaces/billing/serviceaccounts/reports`). */
export async function kubeGet<T>(path: string): Promise<T> {
  const k = kube();
  const { status, body } = await httpsJson(`${k.server}${path}`, { headers: { authorization: `Bearer ${k.token}`, accept: "application/json" }, ca: k.ca });
  if (status !== 200) throw new Error(`GET ${path}: ${status} ${JSON.stringify(body)}`);
  return body as T;
}

/** A JSON merge patch of an API server path, as someone else changing the cluster would make it. */
export async function kubeMergePatch<T>(path: string, patch: unknown): Promise<T> {
  const k = kube();
  const { status, body } = await httpsJson(`${k.server}${path}`, { method: "PATCH", headers: { authorization: `Bearer ${k.token}`, accept: "application/json", "content-type": "application/merge-patch+json" }, body: JSON.stringify(patch), ca: k.ca });
  if (status !== 200) throw new Error(`PATCH ${path}: ${status} ${JSON.stringify(body)}`);
  return body as T;
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`the runner signs the host in to the simulated Azure: ${name} is not set`);
  return v;
}

/** GET of an ARM resource id, with a token of the signed-in service principal. */
export async function armGet<T>(id: string, apiVersion: string): Promise<T> {
  const ca = readFileSync(env("NODE_EXTRA_CA_CERTS"));
  const authority = env("AZURE_AUTHORITY_HOST").replace(/\/+$/, "");
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: env("AZURE_CLIENT_ID"), client_secret: env("AZURE_CLIENT_SECRET"), scope: "https://management.azure.com/.default" });
  const token = await httpsJson(`${authority}/${env("AZURE_TENANT_ID")}/oauth2/v2.0/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString(), ca });
  const access = (token.body as { access_token?: string } | undefined)?.access_token;
  if (!access) throw new Error(`no token from the simulated Entra ID: ${token.status}`);
  const arm = env("WID_ARM_ENDPOINT").replace(/\/+$/, "");
  const { status, body } = await httpsJson(`${arm}${id}?api-version=${apiVersion}`, { headers: { authorization: `Bearer ${access}` }, ca });
  if (status !== 200) throw new Error(`GET ${id}: ${status} ${JSON.stringify(body)}`);
  return body as T;
}
