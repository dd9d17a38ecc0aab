import { request } from "node:https";
import type { World } from "../../../src/world.js";

export interface RawResponse {
  status: number;
  /** Every header line by lower-case name, repeated headers (Warning) kept apart. */
  headers: Record<string, string[]>;
  body: any;
}

/** One request to the fake apiserver as the admin user, with the body sent byte for byte as given. */
export function kubeRequest(world: World, method: string, path: string, body?: string, contentType = "application/json", headers: Record<string, string> = {}): Promise<RawResponse> {
  const url = new URL(path, world.urls.kube);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: world.ca.caPem,
        headers: { authorization: `Bearer ${world.tokens["admin"]}`, accept: "application/json", ...(body !== undefined ? { "content-type": contentType } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const headers: Record<string, string[]> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2) (headers[res.rawHeaders[i]!.toLowerCase()] ??= []).push(res.rawHeaders[i + 1]!);
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
