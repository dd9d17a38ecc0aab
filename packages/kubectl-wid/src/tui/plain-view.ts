import type { Io } from "../io.js";
import type { ReportView } from "./report-view.js";

/** No progress: the report on stdout, notes on stderr, as they come. */
export function plainView(io: Pick<Io, "stdout" | "stderr">): ReportView {
  return {
    step: () => undefined,
    loading: () => undefined,
    reading: () => undefined,
    readingAzure: () => undefined,
    checking: async () => undefined,
    note: (text) => io.stderr(text),
    report: async (text) => io.stdout(text),
    close: async () => undefined,
  };
}
