#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: Chromium and its driver (the browser
# tests drive Debian's /usr/bin/chromium; no tool downloads a browser), redis-server, and the
# Python packages of requirements-test.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
[ -x /usr/bin/chromedriver ] || need="$need chromium-driver"
command -v redis-server >/dev/null 2>&1 || need="$need redis-server"
if [ -n "$need" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need fonts-dejavu-core >/dev/null
fi
python -m pip install -q --disable-pip-version-check -r requirements-test.txt -c constraints.txt
