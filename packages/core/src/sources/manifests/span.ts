/**
 * Offsets of a key or value in an object's text: `end` is just after its last character. A path
 * that does not exist to its end gives the start of its deepest existing ancestor, `partial`:
 * the span is then that ancestor's first line.
 */
export interface Span {
  start: number;
  end: number;
  partial?: true;
}
