#!/usr/bin/env bash
# Set up council-social-monitor in ./.venv on a Debian machine with Python 3.11+.
# Usage: scripts/setup.sh [runtime|test]   (test also installs the test tools, PostgreSQL and Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-runtime}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "setup: need root to run: $*" >&2; return 1; fi; }

apt_updated=""
apt_install() {  # install Debian packages that are missing, updating the package lists once
  local missing=()
  for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then echo "setup: please install: ${missing[*]}" >&2; return 1; fi
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python=python3
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "setup: Python 3.11 or newer is needed" >&2; exit 1; }
# Debian's python3 ships without venv/ensurepip; WeasyPrint (the PDF report) needs Pango.
"$python" -m venv --help >/dev/null 2>&1 && "$python" -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
# DejaVu covers the report's Latin, Greek and Cyrillic (lookalike handles); Noto Color Emoji draws the emoji.
command -v dpkg-query >/dev/null && apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra \
  fonts-noto-color-emoji

[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
if [ "$what" = test ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
  command -v dpkg-query >/dev/null && apt_install postgresql chromium poppler-utils
  # axe-core for the console's accessibility tests (tests/web), from the npm registry into .cache/axe.
  command -v npm >/dev/null || apt_install npm
  [ -f .cache/axe/node_modules/axe-core/axe.min.js ] || npm install --silent --prefix .cache/axe axe-core
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
fi
