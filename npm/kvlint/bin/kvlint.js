#!/usr/bin/env node
// kvlint's npm launcher. kvlint is a Go program; npm installs the build for
// this machine as one of kvlint's optional dependencies, @kvlint/<os>-<cpu>
// (npm skips the others by their "os" and "cpu" fields). This script finds
// that binary and runs it with our arguments and standard streams, then
// exits the way it did: same exit code, or same signal.
//
// KVLINT_BINARY=/path/to/kvlint runs that executable instead (a platform
// without a prebuilt package, or a build from source).
"use strict";

const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

// process.platform + " " + process.arch -> the package holding its binary.
// Keep in step with optionalDependencies in package.json.
const PACKAGES = {
  "darwin arm64": "@kvlint/darwin-arm64",
  "darwin x64": "@kvlint/darwin-x64",
  "linux arm64": "@kvlint/linux-arm64",
  "linux x64": "@kvlint/linux-x64",
  "win32 arm64": "@kvlint/win32-arm64",
  "win32 x64": "@kvlint/win32-x64",
};

// Exit code for "kvlint could not run", as kvlint uses for internal errors.
const EXIT_ERROR = 2;

function fail(message) {
  process.stderr.write(`kvlint: ${message}\n`);
  process.exit(EXIT_ERROR);
}

function binaryPath() {
  const override = process.env.KVLINT_BINARY;
  if (override) {
    return override;
  }
  const platform = `${process.platform}-${process.arch}`;
  const pkg = PACKAGES[`${process.platform} ${process.arch}`];
  if (!pkg) {
    const supported = Object.values(PACKAGES).map((p) => p.replace("@kvlint/", "")).join(", ");
    fail(
      `there is no prebuilt kvlint for ${platform} (there is for ${supported}).\n` +
        "Build it from source (https://github.com/kvlint/kvlint: make build) and set " +
        "KVLINT_BINARY to the executable.",
    );
  }
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch (err) {
    fail(
      `the package ${pkg}, which holds kvlint's binary for ${platform}, is not installed.\n` +
        "npm installs it as an optional dependency of kvlint. It is left out when optional\n" +
        "dependencies are omitted (--omit=optional, --no-optional, omit=optional in .npmrc)\n" +
        "or when node_modules was installed on another platform. Reinstall with optional\n" +
        "dependencies, for example:\n" +
        "  npm install --include=optional --save-dev kvlint\n" +
        "or set KVLINT_BINARY to a kvlint executable.",
    );
  }
  const bin = path.join(dir, "bin", process.platform === "win32" ? "kvlint.exe" : "kvlint");
  if (!fs.existsSync(bin)) {
    fail(`${pkg} is installed at ${dir} but has no ${path.relative(dir, bin)}; reinstall kvlint.`);
  }
  if (process.platform !== "win32") {
    // Some installers drop the executable bit; restore it if we can.
    try {
      fs.accessSync(bin, fs.constants.X_OK);
    } catch {
      try {
        fs.chmodSync(bin, 0o755);
      } catch {
        // Spawning reports the real problem.
      }
    }
  }
  return bin;
}

function main() {
  const bin = binaryPath();
  const child = spawn(bin, process.argv.slice(2), { stdio: "inherit", windowsHide: true });

  // Signals sent to this process (kill, a CI timeout) go to kvlint too. A
  // terminal's Ctrl-C reaches both already; kvlint then sees it twice,
  // which is harmless.
  const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGBREAK"];
  const handlers = new Map();
  for (const sig of forwarded) {
    const handler = () => {
      try {
        child.kill(sig);
      } catch {
        // Already gone.
      }
    };
    try {
      process.on(sig, handler);
      handlers.set(sig, handler);
    } catch {
      // Not a signal on this platform.
    }
  }

  child.on("error", (err) => {
    fail(`cannot run ${bin}: ${err.message}`);
  });

  child.on("exit", (code, signal) => {
    for (const [sig, handler] of handlers) {
      process.removeListener(sig, handler);
    }
    if (signal) {
      // Die of the same signal, so our parent sees what kvlint's would.
      try {
        process.kill(process.pid, signal);
      } catch {
        // Fall through to the exit code a shell would report.
      }
      const num = os.constants.signals[signal] || 0;
      setTimeout(() => process.exit(128 + num), 100);
      return;
    }
    process.exit(code === null ? EXIT_ERROR : code);
  });
}

main();
