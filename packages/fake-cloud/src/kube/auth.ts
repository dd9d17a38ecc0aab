import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { KubeAccessRule, KubeUser } from "../scenario/types.js";

export interface Subject {
  name: string;
  admin: boolean;
  rules: KubeAccessRule[];
}

export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** Bearer tokens to users, and RBAC as the scenario grants it. */
export class Authorizer {
  private readonly byToken = new Map<string, Subject>();
  private readonly byName = new Map<string, Subject>();
  readonly tokens: Record<string, string> = {};

  constructor(users: KubeUser[]) {
    const all: KubeUser[] = users.some((u) => u.name === "admin") ? users : [{ name: "admin", admin: true }, ...users];
    for (const u of all) {
      const token = u.token ?? randomBytes(24).toString("hex");
      this.tokens[u.name] = token;
      const subject = { name: u.name, admin: u.admin === true, rules: u.rules ?? [] };
      this.byToken.set(token, subject);
      this.byName.set(u.name, subject);
    }
  }

  /**
   * The request's user: a bearer token a user holds, else a client certificate the cluster's CA
   * signed (the common name is the user, `O=system:masters` makes it cluster-admin), as the
   * apiserver's token and x509 authenticators do. A token that is presented but unknown fails,
   * whatever certificate comes with it.
   */
  authenticate(req: IncomingMessage): Subject | undefined {
    const h = req.headers.authorization;
    if (h?.startsWith("Bearer ")) return this.byToken.get(h.slice("Bearer ".length).trim());
    const socket = req.socket as TLSSocket;
    if (typeof socket.getPeerCertificate !== "function" || !socket.authorized) return undefined;
    const cert = socket.getPeerCertificate();
    const cn = cert?.subject?.CN;
    const name = Array.isArray(cn) ? cn[0] : cn;
    if (!name) return undefined;
    const o = cert.subject.O;
    const groups = Array.isArray(o) ? o : o ? [o] : [];
    const known = this.byName.get(name);
    return { name, admin: groups.includes("system:masters") || known?.admin === true, rules: known?.rules ?? [] };
  }

  allowed(subject: Subject, a: ResourceAttributes): boolean {
    if (subject.admin) return true;
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    return subject.rules.some(
      (r) =>
        (r.verbs.includes("*") || r.verbs.includes(a.verb)) &&
        (r.resources.includes("*") || r.resources.includes(resource) || r.resources.includes(`${resource}.${a.group}`)) &&
        (r.namespaces === undefined || (a.namespace !== undefined && a.namespace !== "" && r.namespaces.includes(a.namespace))),
    );
  }
}
