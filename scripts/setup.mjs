#!/usr/bin/env node
// Sets up a fresh clone with nothing but Node.js and npm: pnpm (pinned), a current Node LTS when
// the machine's is too old, the workspace dependencies, and a build. Plain JavaScript on purpose:
// it must run on whatever Node the machine has.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = "12.4.2";
const MIN_NODE_MAJOR = 22;

function step(msg) {
  process.stderr.write(`\u25b8 ${msg}\n`);
}

function fail(msg, hint) {
  process.stderr.write(`error: ${msg}\n`);
  if (hint) process.stderr.write(`hint: ${hint}\n`);
  process.exit(2);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`\`${cmd} ${args.join(" ")}\` exited with ${r.status}`);
}

function pnpmVersion() {
  try {
    return execFileSync("pnpm", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

const have = pnpmVersion();
if (have !== PNPM_VERSION) {
  step(have ? `pnpm ${have} found; installing pnpm ${PNPM_VERSION}` : `installing pnpm ${PNPM_VERSION} (npm i -g)`);
  run("npm", ["install", "--global", "--no-fund", "--no-audit", `pnpm@${PNPM_VERSION}`]);
  if (pnpmVersion() !== PNPM_VERSION) {
    fail(`pnpm ${PNPM_VERSION} was installed but \`pnpm\` on PATH is not it`, "put npm's global bin folder (`npm prefix -g`/bin) first on PATH");
  }
}

step("installing dependencies (pnpm install)");
const frozen = existsSync(join(root, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
run("pnpm", ["install", ...frozen], { env: { ...process.env, CI: process.env.CI ?? "" } });

// pnpm runs scripts with the first `node` on PATH; on Linux x64 the workspace carries Node 24 as
// an optional dependency, elsewhere the machine's Node must be recent enough.
const bundledNode = join(root, "node_modules", ".bin", "node");
const machineMajor = Number(process.versions.node.split(".")[0]);
if (!existsSync(bundledNode) && machineMajor < MIN_NODE_MAJOR) {
  fail(
    `wid needs Node.js ${MIN_NODE_MAJOR} or later; this machine has ${process.version}`,
    `install a current Node.js LTS (24) and run \`npm run setup\` again`,
  );
}

step("building (pnpm run build)");
run("pnpm", ["run", "build"]);
step("ready: try `pnpm wid demo`, or `pnpm wid doctor -f examples/manifests --azure examples/azure`");
