import type { Activity } from "./activity.js";
import type { ReportView } from "./report-view.js";

/** Progress is drawn at most this often; the sources report every file. */
export const PROGRESS_INTERVAL_MS = 50;

export interface ProgressDrawing {
  /** Draws now. */
  draw(): void;
  /** Draws now, or once PROGRESS_INTERVAL_MS have passed since the last frame. */
  drawSoon(): void;
  /** Drops a frame still waiting; after it nothing is drawn. */
  stop(): void;
  /** The progress methods of a view: each sets the activity shown and draws it. */
  methods: Pick<ReportView, "step" | "loading" | "reading" | "readingAzure" | "checking">;
}

/**
 * The progress half of both terminal views: frames throttled, counted from the end of the last
 * frame so that a slow frame does not let the next one follow at once.
 */
export function progressDrawing(opts: { render: () => void; flush: () => Promise<void>; setActivity: (a: Activity) => void }): ProgressDrawing {
  let lastDraw = -Infinity;
  let pending: NodeJS.Timeout | undefined;
  let stopped = false;
  const draw = () => {
    clearTimeout(pending);
    pending = undefined;
    if (!stopped) opts.render();
    lastDraw = performance.now();
  };
  const drawSoon = () => {
    const wait = PROGRESS_INTERVAL_MS - (performance.now() - lastDraw);
    if (wait <= 0) draw();
    else pending ??= setTimeout(draw, wait);
  };
  const show = (a: Activity, now: boolean) => {
    opts.setActivity(a);
    if (now) draw();
    else drawSoon();
  };
  return {
    draw,
    drawSoon,
    stop() {
      clearTimeout(pending);
      stopped = true;
    },
    methods: {
      step: (label) => show({ kind: "step", label }, true),
      loading: (progress) => show({ kind: "loading", progress }, false),
      reading: (progress) => show({ kind: "cluster", progress }, false),
      readingAzure: (progress) => show({ kind: "azure", progress }, false),
      async checking(objects, resources) {
        show({ kind: "checking", objects, resources }, true);
        await opts.flush();
      },
    },
  };
}
