import { stringify } from "yaml";

export interface KubeconfigOptions {
  server: string;
  caPem: string;
  clusterName: string;
  /** Token per user; each user gets a context `<user>@<cluster>`, the first one is current. */
  tokens: Record<string, string>;
  currentUser?: string;
  namespace?: string;
  /** Users that authenticate with a client certificate instead of their token. */
  certificates?: Record<string, { certPem: string; keyPem: string }>;
}

/** A kubeconfig with the CA embedded and one bearer-token user and context per user. */
export function kubeconfigYaml(opts: KubeconfigOptions): string {
  const users = Object.keys(opts.tokens);
  const current = opts.currentUser ?? users[0] ?? "admin";
  const contextName = (u: string) => (u === "admin" ? opts.clusterName : `${u}@${opts.clusterName}`);
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    preferences: {},
    clusters: [
      {
        name: opts.clusterName,
        cluster: { server: opts.server, "certificate-authority-data": Buffer.from(opts.caPem).toString("base64") },
      },
    ],
    users: users.map((u) => {
      const cert = opts.certificates?.[u];
      const b64 = (pem: string) => Buffer.from(pem).toString("base64");
      return { name: `${u}@${opts.clusterName}`, user: cert ? { "client-certificate-data": b64(cert.certPem), "client-key-data": b64(cert.keyPem) } : { token: opts.tokens[u] } };
    }),
    contexts: users.map((u) => ({
      name: contextName(u),
      context: { cluster: opts.clusterName, user: `${u}@${opts.clusterName}`, ...(opts.namespace ? { namespace: opts.namespace } : {}) },
    })),
    "current-context": contextName(current),
  });
}
