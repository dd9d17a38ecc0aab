#!/usr/bin/env bash
# Installs tmux, the terminal the interactive doctor's tests type into (test/tui/tmux.test.ts).
# Needs root and apt-get (CI runs as root); does nothing when tmux is already there. Without it,
# those tests fail in CI, saying so.
set -euo pipefail
if command -v tmux >/dev/null; then
  exit 0
fi
if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
  echo "tmux is not installed and cannot be installed here (needs root and apt-get): install it to run the interactive doctor's terminal tests" >&2
  exit 0
fi
echo "▸ installing tmux (apt-get), for the interactive doctor's terminal tests" >&2
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux >/dev/null; }; then
  echo "apt-get could not install tmux: the interactive doctor's terminal tests will fail" >&2
fi
