/** How far one resource has been read. */
export interface ResourceProgress {
  /** Plural resource name with its group, as RBAC names it: `pods`, `deployments.apps`, `pods/log`. */
  resource: string;
  /** Requests sent for it, retries included. */
  requests: number;
  /** Objects (or log excerpts, events) read so far. */
  objects: number;
  state: "reading" | "done" | "partial" | "failed";
}

/**
 * How far reading a live cluster has come, for a surface to show: requests and objects per
 * resource, in the order the resources were first asked for. Reported after each response.
 */
export interface LiveProgress {
  phase: "cluster";
  /** The kubeconfig context being read. */
  context: string;
  resources: ResourceProgress[];
  /** Every request sent so far, retries included. */
  requests: number;
  retries: number;
}

export type OnLiveProgress = (progress: LiveProgress) => void;

/** Keeps the counts and tells the listener; a surface throttles what it draws. */
export class ProgressTracker {
  private readonly byResource = new Map<string, ResourceProgress>();
  private requests = 0;
  private retries = 0;

  constructor(
    private readonly context: string,
    private readonly listener: OnLiveProgress | undefined,
  ) {}

  private entry(resource: string): ResourceProgress {
    let e = this.byResource.get(resource);
    if (!e) {
      e = { resource, requests: 0, objects: 0, state: "reading" };
      this.byResource.set(resource, e);
    }
    return e;
  }

  request(resource: string, retry: boolean): void {
    this.entry(resource).requests++;
    this.requests++;
    if (retry) this.retries++;
    this.emit();
  }

  objects(resource: string, n: number): void {
    this.entry(resource).objects += n;
    this.emit();
  }

  finish(resource: string, state: ResourceProgress["state"]): void {
    this.entry(resource).state = state;
    this.emit();
  }

  snapshot(): LiveProgress {
    return { phase: "cluster", context: this.context, resources: [...this.byResource.values()].map((r) => ({ ...r })), requests: this.requests, retries: this.retries };
  }

  /** Requests per resource, for measurements. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.byResource.values()].map((r) => [r.resource, r.requests]));
  }

  private emit(): void {
    this.listener?.(this.snapshot());
  }
}
