#!/usr/bin/env bash
# Installs what runs the linux/arm64 executable on an x86-64 Debian machine: qemu-user and
# Debian's arm64 C and C++ libraries. The release tests skip that run, saying why, without them.
# Needs root (CI runs as root); does nothing when they are already there.
set -euo pipefail
PACKAGES=(qemu-user libc6-arm64-cross libstdc++6-arm64-cross libatomic1-arm64-cross libgcc-s1-arm64-cross)
if command -v qemu-aarch64 >/dev/null && [ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]; then
  exit 0
fi
if [ "$(uname -m)" != "x86_64" ] || ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
  echo "qemu-user is not installed and cannot be installed here (needs root and apt-get on x86-64): the linux/arm64 run will be skipped" >&2
  exit 0
fi
echo "▸ installing ${PACKAGES[*]} (apt-get), for the linux/arm64 release tests" >&2
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null; }; then
  echo "apt-get could not install ${PACKAGES[*]}: the linux/arm64 run will be skipped" >&2
fi
