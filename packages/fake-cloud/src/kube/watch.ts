import type { IncomingMessage, ServerResponse } from "node:http";
import type { KubeApi } from "./api.js";
import type { ResourceType } from "./resources.js";
import { storageKey } from "./registry.js";
import type { KubeObj, StoredEvent } from "./store.js";
import { parseFieldSelector, parseLabelSelector } from "./selectors.js";
import { toTable, type IncludeObject } from "./table.js";
import { statusBody } from "./http.js";
import { errors } from "./status.js";

export interface WatchRequest {
  resource: ResourceType;
  namespace: string | undefined;
  resourceVersion: string | null;
  labelSelector: string | null;
  fieldSelector: string | null;
  timeoutSeconds: number | undefined;
  allowBookmarks: boolean;
  table: IncludeObject | undefined;
}

/**
 * A watch stream: newline-delimited JSON events. Without a resourceVersion (or with "0") it
 * starts with ADDED for every current object; with one, it replays what changed since.
 */
export function serveWatch(api: KubeApi, req: IncomingMessage, res: ServerResponse, w: WatchRequest): void {
  const key = storageKey(w.resource);
  const labels = parseLabelSelector(w.labelSelector);
  const fields = parseFieldSelector(w.fieldSelector, w.resource.kind);
  const matches = (o: KubeObj) => (w.namespace === undefined || o.metadata?.namespace === w.namespace) && labels(o.metadata?.labels) && fields(o);
  const encode = (type: string, o: KubeObj) => {
    const presented = api.present(w.resource, o);
    const object = w.table ? toTable(w.resource.kind, [presented], { resourceVersion: presented.metadata?.resourceVersion }, w.table) : presented;
    return JSON.stringify({ type, object }) + "\n";
  };

  res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked", "cache-control": "no-cache, private" });
  res.flushHeaders();

  const rvText = w.resourceVersion;
  let initial: StoredEvent[] = [];
  if (!rvText || rvText === "0") {
    initial = api.store.list(key, w.namespace).map((o) => ({ type: "ADDED" as const, resource: key, object: o, rv: Number(o.metadata.resourceVersion) }));
  } else {
    const since = api.store.since(Number(rvText));
    if (!since) {
      const gone = errors.gone(`too old resource version: ${rvText} (${api.store.oldestResumable})`).status;
      res.end(JSON.stringify({ type: "ERROR", object: statusBody(gone) }) + "\n");
      return;
    }
    initial = since.filter((e) => e.resource === key);
  }
  // An object that starts or stops matching the selectors is ADDED or DELETED for this watch, as
  // the apiserver's watch cache reports it.
  const send = (e: StoredEvent) => {
    if (e.resource !== key) return;
    const now = matches(e.object);
    const before = e.type === "MODIFIED" && e.previous !== undefined ? matches(e.previous) : now;
    if (!now && !before) return;
    const type = e.type === "MODIFIED" && now !== before ? (now ? "ADDED" : "DELETED") : e.type;
    res.write(encode(type, e.object));
  };
  for (const e of initial) send(e);

  const onChange = (e: StoredEvent) => send(e);
  api.store.events.on("change", onChange);
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    api.store.events.off("change", onChange);
    if (timer) clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  if (w.timeoutSeconds && w.timeoutSeconds > 0) timer = setTimeout(stop, w.timeoutSeconds * 1000);
  req.on("close", stop);
  res.on("close", stop);
}
