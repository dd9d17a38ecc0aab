/** A 1-based line and column (UTF-16 code units, as editors and SARIF count them). */
export interface LineColumn {
  line: number;
  column: number;
}

/**
 * Turns offsets into lines and columns without indexing every line of the text: it walks from
 * the last answer, so a pass that asks in increasing order costs one scan of the text in all.
 * (An index of line starts would cost 8 bytes per line on a 50 MB file for positions that are
 * mostly never asked for.)
 */
export class PositionTracker {
  #offset = 0;
  #line = 1;
  #lineStart = 0;

  constructor(private readonly text: string) {}

  at(offset: number): LineColumn {
    const target = Math.max(0, Math.min(offset, this.text.length));
    if (target < this.#lineStart) {
      this.#offset = 0;
      this.#line = 1;
      this.#lineStart = 0;
    }
    for (let nl = this.text.indexOf("\n", this.#offset); nl !== -1 && nl < target; nl = this.text.indexOf("\n", nl + 1)) {
      this.#line++;
      this.#lineStart = nl + 1;
    }
    this.#offset = target;
    return { line: this.#line, column: target - this.#lineStart + 1 };
  }
}
