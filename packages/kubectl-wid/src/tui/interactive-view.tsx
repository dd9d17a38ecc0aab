import { PassThrough } from "node:stream";
import { render } from "ink";
import type { LoadProgress } from "@wid/core/sources/manifests";
import type { Style } from "../output/style.js";
import type { Activity } from "./activity.js";
import { DoctorView } from "./components/doctor-view.js";
import type { ReportView } from "./report-view.js";

/** Progress is drawn at most this often; the sources report every file. */
export const PROGRESS_INTERVAL_MS = 50;
/**
 * Report lines per <Static> item. Ink lays out a whole commit's static output as one grid of
 * cells: printing a long report in chunks keeps that grid, and memory, small.
 */
export const REPORT_CHUNK_LINES = 100;

export interface InteractiveOptions {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  style: Style;
}

/**
 * The terminal view of `kubectl wid doctor` and `demo`: a live progress line while loading and
 * checking, then the report printed once. It never reads the keyboard: stdin may be the
 * manifests (`-f -`), and the run must not wait for a key.
 */
export function interactiveView({ stdout, stderr, style }: InteractiveOptions): ReportView {
  let activity: Activity | undefined;
  let chunks: (readonly string[])[] = [];
  let last: string | undefined;
  let writeStderr: ((data: string) => void) | undefined;
  let lastDraw = -Infinity;
  let pending: NodeJS.Timeout | undefined;
  let closed = false;

  const onStderr = (write: (data: string) => void) => {
    writeStderr = write;
  };
  const element = () => <DoctorView activity={activity} chunks={chunks} last={last} style={style} onStderr={onStderr} />;
  const instance = render(element(), {
    stdout,
    stderr,
    stdin: new PassThrough(),
    interactive: true,
    patchConsole: false,
  });

  const draw = () => {
    clearTimeout(pending);
    pending = undefined;
    if (!closed) instance.rerender(element());
    // Counted from the end of the frame: a slow frame must not let the next one follow at once.
    lastDraw = performance.now();
  };
  const drawSoon = () => {
    const wait = PROGRESS_INTERVAL_MS - (performance.now() - lastDraw);
    if (wait <= 0) draw();
    else pending ??= setTimeout(draw, wait);
  };
  const drawNow = async () => {
    draw();
    await instance.waitUntilRenderFlush();
  };

  return {
    step(label) {
      activity = { kind: "step", label };
      draw();
    },
    loading(progress: LoadProgress) {
      activity = { kind: "loading", progress };
      drawSoon();
    },
    reading(progress) {
      activity = { kind: "cluster", progress };
      drawSoon();
    },
    readingAzure(progress) {
      activity = { kind: "azure", progress };
      drawSoon();
    },
    async checking(objects, resources) {
      activity = { kind: "checking", objects, resources };
      await drawNow();
    },
    note(text) {
      if (writeStderr && !closed) writeStderr(text);
      else stderr.write(text);
    },
    async report(text) {
      activity = undefined;
      const lines = (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
      const end = lines.pop();
      for (let i = 0; i < lines.length; i += REPORT_CHUNK_LINES) {
        chunks = [...chunks, lines.slice(i, i + REPORT_CHUNK_LINES)];
        await drawNow();
      }
      last = end;
      await drawNow();
    },
    async close() {
      if (closed) return;
      clearTimeout(pending);
      // Without a report, nothing of the view stays on the screen: an error follows on stderr.
      if (last === undefined) instance.clear();
      closed = true;
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
