// Stands in for `react-devtools-core` in the bundle (build.mjs aliases it here). Ink imports it
// only when DEV=true and the package resolves, which it never does from the bundle; without a
// stand-in esbuild cannot bundle Ink, and marking it external fails at load time.
export default {
  initialize(): void {},
  connectToDevTools(): void {},
};
