import { errors } from "./status.js";

/**
 * Kubernetes' protobuf encoding, for the request bodies kubectl's typed clients send
 * (`kubectl create token`, `auth can-i`, `auth whoami`, `create namespace|serviceaccount|configmap`).
 * Envelope: the magic `k8s\0`, then runtime.Unknown {typeMeta, raw}. Only the fields those
 * requests carry are decoded.
 */

type Fields = Map<number, (bigint | Uint8Array)[]>;

function readVarint(buf: Uint8Array, pos: { i: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos.i++];
    if (b === undefined) throw new Error("truncated varint");
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
  }
}

function fields(buf: Uint8Array): Fields {
  const out: Fields = new Map();
  const pos = { i: 0 };
  while (pos.i < buf.length) {
    const tag = Number(readVarint(buf, pos));
    const field = tag >>> 3;
    const wire = tag & 7;
    let value: bigint | Uint8Array;
    if (wire === 0) value = readVarint(buf, pos);
    else if (wire === 2) {
      const len = Number(readVarint(buf, pos));
      value = buf.subarray(pos.i, pos.i + len);
      pos.i += len;
    } else if (wire === 1) {
      value = buf.subarray(pos.i, pos.i + 8);
      pos.i += 8;
    } else if (wire === 5) {
      value = buf.subarray(pos.i, pos.i + 4);
      pos.i += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

const text = (v: bigint | Uint8Array | undefined) => (v instanceof Uint8Array ? Buffer.from(v).toString("utf8") : undefined);
const str = (f: Fields, n: number) => text(f.get(n)?.[0]);
const strs = (f: Fields, n: number) => (f.get(n) ?? []).map((v) => text(v) ?? "");
const msg = (f: Fields, n: number) => {
  const v = f.get(n)?.[0];
  return v instanceof Uint8Array ? fields(v) : undefined;
};
const int = (f: Fields, n: number) => {
  const v = f.get(n)?.[0];
  return typeof v === "bigint" ? Number(BigInt.asIntN(64, v)) : undefined;
};
const bool = (f: Fields, n: number) => {
  const v = f.get(n)?.[0];
  return typeof v === "bigint" ? v !== 0n : undefined;
};
function stringMap(f: Fields, n: number): Record<string, string> | undefined {
  const entries = f.get(n);
  if (!entries) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (!(e instanceof Uint8Array)) continue;
    const kv = fields(e);
    out[str(kv, 1) ?? ""] = str(kv, 2) ?? "";
  }
  return out;
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function objectMeta(f: Fields | undefined): Record<string, unknown> {
  if (!f) return {};
  return compact({
    name: str(f, 1),
    generateName: str(f, 2),
    namespace: str(f, 3),
    resourceVersion: str(f, 6),
    labels: stringMap(f, 11),
    annotations: stringMap(f, 12),
    finalizers: f.has(14) ? strs(f, 14) : undefined,
  });
}

const DECODERS: Record<string, (f: Fields) => Record<string, unknown>> = {
  TokenRequest: (f) => {
    const spec = msg(f, 2);
    const ref = spec ? msg(spec, 3) : undefined;
    return {
      metadata: objectMeta(msg(f, 1)),
      spec: compact({
        audiences: spec ? strs(spec, 1) : [],
        expirationSeconds: spec ? int(spec, 4) : undefined,
        boundObjectRef: ref ? compact({ kind: str(ref, 1), apiVersion: str(ref, 2), name: str(ref, 3), uid: str(ref, 4) }) : undefined,
      }),
    };
  },
  SelfSubjectAccessReview: (f) => {
    const spec = msg(f, 2);
    const ra = spec ? msg(spec, 1) : undefined;
    const nra = spec ? msg(spec, 2) : undefined;
    return {
      metadata: objectMeta(msg(f, 1)),
      spec: compact({
        resourceAttributes: ra
          ? compact({ namespace: str(ra, 1), verb: str(ra, 2), group: str(ra, 3), version: str(ra, 4), resource: str(ra, 5), subresource: str(ra, 6), name: str(ra, 7) })
          : undefined,
        nonResourceAttributes: nra ? compact({ path: str(nra, 1), verb: str(nra, 2) }) : undefined,
      }),
    };
  },
  SelfSubjectRulesReview: (f) => {
    const spec = msg(f, 2);
    return { metadata: objectMeta(msg(f, 1)), spec: compact({ namespace: spec ? str(spec, 1) : undefined }) };
  },
  SelfSubjectReview: (f) => ({ metadata: objectMeta(msg(f, 1)) }),
  Namespace: (f) => {
    const spec = msg(f, 2);
    return compact({ metadata: objectMeta(msg(f, 1)), spec: spec ? compact({ finalizers: spec.has(1) ? strs(spec, 1) : undefined }) : undefined });
  },
  ServiceAccount: (f) =>
    compact({
      metadata: objectMeta(msg(f, 1)),
      automountServiceAccountToken: bool(f, 4),
    }),
  ConfigMap: (f) => compact({ metadata: objectMeta(msg(f, 1)), data: stringMap(f, 2), immutable: bool(f, 4) }),
};

export function isProtobuf(contentType: string | undefined): boolean {
  return /application\/vnd\.kubernetes\.protobuf/.test(contentType ?? "");
}

/** Decodes a protobuf request body to the JSON object the same request would carry. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || body.subarray(0, 4).toString("latin1") !== "k8s\u0000") throw errors.badRequest("provided protobuf data is not a Kubernetes object");
  const unknown = fields(body.subarray(4));
  const typeMeta = msg(unknown, 1);
  const apiVersion = typeMeta ? str(typeMeta, 1) : undefined;
  const kind = typeMeta ? str(typeMeta, 2) : undefined;
  const raw = unknown.get(2)?.[0];
  const decode = kind ? DECODERS[kind] : undefined;
  if (!decode || !(raw instanceof Uint8Array)) {
    throw errors.unsupportedMediaType(`application/vnd.kubernetes.protobuf (${kind ?? "unknown kind"})`);
  }
  return { ...(apiVersion ? { apiVersion } : {}), kind, ...decode(fields(raw)) };
}
