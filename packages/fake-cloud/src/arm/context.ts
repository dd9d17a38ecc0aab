import type { IncomingMessage, ServerResponse } from "node:http";
import type { JsonObject } from "../scenario/types.js";
import type { Caller } from "./auth.js";
import { ArmError, authorizationFailed, invalidRequestContent, resourceGroupNotFound, subscriptionNotFound } from "./errors.js";
import { accessOf, type ArmFaults } from "./faults.js";
import { readBody, sendEmpty, sendJson } from "./http.js";
import { paginate } from "./paging.js";
import type { AzureState } from "./state.js";

export interface ArmSettings {
  ownUrl: string;
  pageSize: number;
  ficWriteMs: number;
}

/** One ARM request being served, with what its handler needs. */
export class ArmContext {
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    /** Normalised path (see ids.ts). */
    readonly path: string,
    readonly caller: Caller,
    readonly state: AzureState,
    readonly faults: ArmFaults,
    readonly settings: ArmSettings,
  ) {}

  get method(): string {
    return this.req.method ?? "GET";
  }

  /** Throws ARM's 403 when an injected fault denies this caller the action at this scope. */
  authorize(scope: string, action: string): void {
    if (this.faults.isForbidden(this.caller, scope, accessOf(this.method), action)) throw authorizationFailed(this.caller.objectId, action, scope);
  }

  /** Whether a list may show an item: ARM leaves out what the caller cannot read. */
  canRead(id: string): boolean {
    return !this.faults.isForbidden(this.caller, id, "read");
  }

  requireSubscription(subscriptionId: string): void {
    if (!this.state.hasSubscription(subscriptionId)) throw subscriptionNotFound(subscriptionId);
  }

  requireResourceGroup(subscriptionId: string, resourceGroup: string): void {
    this.requireSubscription(subscriptionId);
    if (!this.state.hasResourceGroup(subscriptionId, resourceGroup)) throw resourceGroupNotFound(resourceGroup);
  }

  /** The request body as it came, once readJsonObject has read it (for messages that point into it). */
  bodyText = "";

  async readJsonObject(): Promise<JsonObject> {
    const text = await readBody(this.req);
    this.bodyText = text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidRequestContent(text.slice(0, 200));
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw invalidRequestContent(text.slice(0, 200));
    return parsed as JsonObject;
  }

  send(status: number, body: unknown): void {
    sendJson(this.res, status, body);
  }

  sendEmpty(status: number): void {
    sendEmpty(this.res, status);
  }

  sendList<T>(items: readonly T[], tokenName?: string): void {
    sendJson(this.res, 200, paginate(items, this.url, this.settings.ownUrl, this.settings.pageSize, tokenName));
  }
}

export type RouteParams = Record<string, string>;

export interface Route {
  methods: readonly string[];
  pattern: RegExp;
  handle(ctx: ArmContext, params: RouteParams): void | Promise<void>;
}

export function badRequest(code: string, message: string): ArmError {
  return new ArmError(400, code, message);
}

/** A named group of the route's pattern, URL-decoded. */
export function param(params: RouteParams, name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`route parameter ${name} missing`);
  return decodeURIComponent(value);
}
