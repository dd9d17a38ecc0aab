/** A place in an input file; line and column are 1-based, as editors and SARIF count them. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

/** A path into a parsed object: map keys and sequence indexes. */
export type Path = readonly (string | number)[];
