import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import { errors, StatusError, type KubeStatus } from "./status.js";
import { decodeProtobuf, isProtobuf } from "./protobuf.js";

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, YAML (apply patches, YAML bodies) or protobuf; a syntax error is the real 400. */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (isProtobuf(contentType)) return decodeProtobuf(raw);
  const text = raw.toString("utf8");
  if (text.trim() === "") return undefined;
  const yamlBody = /yaml/.test(contentType ?? "");
  try {
    // Repeated keys are for field validation to judge; the decoder itself keeps the last value.
    return yamlBody ? parseYaml(text, { uniqueKeys: false }) : JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`error decoding ${yamlBody ? "YAML" : "JSON"}: ${(e as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-cache, private" });
  res.end(text);
}

export function statusBody(s: KubeStatus): Record<string, unknown> {
  // metav1.Status drops an empty reason (omitempty), as a webhook denial has.
  const { reason, ...rest } = s;
  return reason ? { ...rest, reason } : rest;
}

export function sendError(res: ServerResponse, e: unknown): void {
  if (e instanceof StatusError) {
    if (!res.headersSent) sendJson(res, e.status.code, statusBody(e.status));
    else res.end();
    return;
  }
  const message = e instanceof Error ? e.message : String(e);
  const s = errors.internal(message).status;
  if (!res.headersSent) sendJson(res, 500, statusBody(s));
  else res.end();
}
