export interface ExplainArgs {
  id: string;
}
