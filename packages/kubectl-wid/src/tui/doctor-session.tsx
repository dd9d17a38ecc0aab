import { render, Text } from "ink";
import type { Style } from "../output/style.js";
import type { Activity } from "./activity.js";
import { DoctorApp } from "./components/doctor-app.js";
import type { PreviewFix } from "./fix-preview.js";
import { progressDrawing } from "./progress-drawing.js";
import type { Keyboard } from "./keyboard.js";
import type { DoctorResult } from "./doctor-result.js";
import type { BrowseActions, DoctorSession } from "./report-view.js";

export interface DoctorSessionOptions {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  keyboard: Keyboard;
  style: Style;
  docsUrl: string | undefined;
}

export function doctorSession({ stdout, stderr, keyboard, style, docsUrl }: DoctorSessionOptions): DoctorSession {
  let activity: Activity | undefined;
  let result: DoctorResult | undefined;
  let actions: BrowseActions | undefined;
  let quit: (() => void) | undefined;
  /** The summary line, the only thing left on the screen once the user quits. */
  let final: string | undefined;
  let writeStderr: ((data: string) => void) | undefined;
  let closed = false;

  const onStderr = (write: (data: string) => void) => {
    writeStderr = write;
  };
  const rerun = async () => {
    const next = await actions!.rerun();
    result = next;
    activity = undefined;
    draw();
    return next;
  };
  const previewFix: PreviewFix = (f) => actions!.previewFix(f);
  const onQuit = () => quit?.();
  const element = () =>
    final !== undefined ? (
      <DoctorFinal text={final} />
    ) : (
      <DoctorApp result={result} activity={activity} style={style} rows={stdout.rows ?? 24} docsUrl={docsUrl} previewFix={previewFix} rerun={rerun} onQuit={onQuit} onStderr={onStderr} />
    );
  const instance = render(element(), { stdout, stderr, stdin: keyboard.stream, interactive: true, patchConsole: false, exitOnCtrlC: false });

  const frames = progressDrawing({
    render: () => instance.rerender(element()),
    flush: () => instance.waitUntilRenderFlush(),
    setActivity: (a) => (activity = a),
  });
  const draw = frames.draw;
  const onResize = () => draw();
  stdout.on("resize", onResize);

  const close = async () => {
    if (closed) return;
    frames.stop();
    stdout.off("resize", onResize);
    // Without a result, nothing of the view stays on the screen: an error follows on stderr.
    if (final === undefined) instance.clear();
    closed = true;
    instance.unmount();
    await instance.waitUntilExit();
    keyboard.close();
  };

  return {
    browsing: true,
    ...frames.methods,
    note(text) {
      if (writeStderr && !closed) writeStderr(text);
      else stderr.write(text);
    },
    async report(text) {
      // not browsing (a caller that only prints): the text as the plain view prints it
      final = text.replace(/\n$/, "");
      draw();
      await instance.waitUntilRenderFlush();
    },
    async browse(first, given) {
      result = first;
      actions = given;
      activity = undefined;
      const done = new Promise<void>((resolve) => (quit = resolve));
      draw();
      await done;
      final = result.summary;
      draw();
      await instance.waitUntilRenderFlush();
      await close();
      return result.exitCode;
    },
    close,
  };
}

function DoctorFinal({ text }: { text: string }) {
  return <Text>{text}</Text>;
}
