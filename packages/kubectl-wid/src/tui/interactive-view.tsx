import { PassThrough } from "node:stream";
import { render } from "ink";
import type { Style } from "../output/style.js";
import type { Activity } from "./activity.js";
import { progressDrawing } from "./progress-drawing.js";
import { DoctorView } from "./components/doctor-view.js";
import type { ReportView } from "./report-view.js";

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

  const frames = progressDrawing({
    render: () => instance.rerender(element()),
    flush: () => instance.waitUntilRenderFlush(),
    setActivity: (a) => (activity = a),
  });
  const drawNow = async () => {
    frames.draw();
    await instance.waitUntilRenderFlush();
  };

  return {
    ...frames.methods,
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
      frames.stop();
      // Without a report, nothing of the view stays on the screen: an error follows on stderr.
      if (last === undefined) instance.clear();
      closed = true;
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
