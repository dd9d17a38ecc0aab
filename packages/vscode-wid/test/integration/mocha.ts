/** Runs suites declared by functions (mocha's `suite` and `test` exist only once its interface is set up). */
export async function runMocha(suites: (() => void)[]): Promise<void> {
  const { default: Mocha } = await import("mocha");
  const grep = process.env["WID_TEST_GREP"];
  const mocha = new Mocha({ ui: "tdd", color: false, timeout: 60_000, ...(grep ? { grep } : {}) });
  mocha.suite.emit("pre-require", globalThis, "wid-integration", mocha);
  for (const declare of suites) declare();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test${failures === 1 ? "" : "s"} failed`);
}
