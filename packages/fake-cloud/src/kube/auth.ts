import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
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
  readonly tokens: Record<string, string> = {};

  constructor(users: KubeUser[]) {
    const all: KubeUser[] = users.some((u) => u.name === "admin") ? users : [{ name: "admin", admin: true }, ...users];
    for (const u of all) {
      const token = u.token ?? randomBytes(24).toString("hex");
      this.tokens[u.name] = token;
      this.byToken.set(token, { name: u.name, admin: u.admin === true, rules: u.rules ?? [] });
    }
  }

  authenticate(req: IncomingMessage): Subject | undefined {
    const h = req.headers.authorization;
    if (!h?.startsWith("Bearer ")) return undefined;
    return this.byToken.get(h.slice("Bearer ".length).trim());
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
