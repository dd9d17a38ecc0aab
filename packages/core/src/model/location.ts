/** A point in an input file: 1-based line and column, 0-based offset, in UTF-16 code units as editors and SARIF count them. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** The exact span at fault: a key, or a value from its first character to its last. */
export interface Range {
  start: Position;
  end: Position;
}

/** A place in an input file; line and column are 1-based, as editors and SARIF count them. */
export interface Location {
  file: string;
  line: number;
  column: number;
  /** The span of the key or value located, when the file's text was at hand. */
  range?: Range;
}

/** A path into a parsed object: map keys and sequence indexes. */
export type Path = readonly (string | number)[];
