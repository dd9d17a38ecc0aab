import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./http.js";

/**
 * `/openapi/v2`, the Swagger document kubectl reads when it validates on the client: for a
 * manifest of `kind: List` (which no server-side fieldValidation covers) it fetches it, in
 * protobuf (gnostic's openapi.v2.Document), and checks each item against the definition carrying
 * the item's group-version-kind. This server publishes no definitions, as it publishes no v3
 * schemas: kubectl then skips the client-side check and the apiserver validates each item as it
 * is written (fieldValidation), so a List applies as on a real cluster and a typo in it still fails.
 */
const PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
/** kube-openapi answers with the type spelt without `@`, which Go's mime parser would reject. */
const PROTOBUF_RETURNED = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** A length-delimited field (strings and messages alike). */
function field(number: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...varint((number << 3) | 2), ...varint(value.length)]), value]);
}

function document(gitVersion: string): Buffer {
  const info = Buffer.concat([field(1, Buffer.from("Kubernetes")), field(2, Buffer.from(gitVersion))]);
  // Document: swagger = 1, info = 2, paths = 8, definitions = 9 (both empty).
  return Buffer.concat([field(1, Buffer.from("2.0")), field(2, info), field(8, Buffer.alloc(0)), field(9, Buffer.alloc(0))]);
}

export function serveOpenApiV2(req: IncomingMessage, res: ServerResponse, gitVersion: string): void {
  if (!(req.headers.accept ?? "").includes(PROTOBUF)) {
    return sendJson(res, 200, { swagger: "2.0", info: { title: "Kubernetes", version: gitVersion }, paths: {}, definitions: {} });
  }
  const body = document(gitVersion);
  res.writeHead(200, { "content-type": PROTOBUF_RETURNED, "content-length": body.length, "cache-control": "no-cache, private" });
  res.end(body);
}
