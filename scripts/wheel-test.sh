#!/usr/bin/env bash
# Build the sdist and the wheel, install the wheel alone in a fresh venv, use it from an empty folder, then
# walk docs/install-debian.md with it (tests/test_install_guide.py). scripts/test.sh runs this in CI.
# Needs ./.venv from `scripts/setup.sh test` (for `build` and pytest) and PyPI for the wheel's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
work="$(mktemp -d -t council-monitor-wheel.XXXXXX)"
trap 'rm -rf "$work"' EXIT
say() { echo "wheel-test: $*"; }

say "building the sdist and the wheel"
.venv/bin/python -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
# setuptools' deprecation warnings (the licence table, say) become errors in later releases: fail now.
if grep -i "deprecat" "$work/build.log"; then say "the build printed a deprecation warning (above)"; exit 1; fi
wheel="$(echo "$work"/dist/*.whl)"
sdist="$(echo "$work"/dist/*.tar.gz)"

say "checking every file under monitor/ is in the wheel, and the sdist carries what the guide unpacks"
listing() { "$repo/.venv/bin/python" -c 'import sys, zipfile, tarfile
p = sys.argv[1]
names = zipfile.ZipFile(p).namelist() if p.endswith(".whl") else tarfile.open(p).getnames()
print("\n".join(n.split("/", 1)[1] if p.endswith(".tar.gz") else n for n in names if "/" in n or p.endswith(".whl")))' "$1"; }
tracked() { git ls-files monitor | while read -r f; do [ ! -e "$f" ] || echo "$f"; done; }  # a deletion not yet committed
missing="$(comm -23 <(tracked | sort) <(listing "$wheel" | sort))"
[ -z "$missing" ] || { say "missing from the wheel (add them to [tool.setuptools.package-data]):"; echo "$missing"; exit 1; }
missing="$(comm -23 <(printf '%s\n' config/example.toml systemd/council-monitor.service docs/install-debian.md | sort) \
  <(listing "$sdist" | sort))"
[ -z "$missing" ] || { say "missing from the sdist (add them to MANIFEST.in):"; echo "$missing"; exit 1; }

say "installing the wheel in a fresh venv"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "$wheel"

say "using it from an empty folder"
mkdir "$work/empty"
cd "$work/empty"
cm="$work/venv/bin/council-monitor"
"$cm" --version
"$cm" example-config --out config.toml
cmp config.toml "$repo/config/example.toml"
"$cm" list-checks >/dev/null
"$cm" demo --cycles 1 --state "$work/empty/demo-state" >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
tail -n 3 "$work/demo.log"
status=0; "$cm" check-config --config config.toml >/dev/null 2>&1 || status=$?
# No credentials here: 78 and the list of what is missing is the right answer; anything else is a crash.
[ "$status" = 0 ] || [ "$status" = 78 ] || { say "check-config exited $status"; exit 1; }
[ -z "$(ls -A "$work/empty" | grep -v -x -e config.toml -e demo-state)" ] || { say "left files behind:"; ls -A; exit 1; }

say "walking docs/install-debian.md with the installed wheel"
cd "$repo"
COUNCIL_MONITOR_WHEEL_VENV="$work/venv" COUNCIL_MONITOR_WHEEL="$wheel" \
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_install_guide.py
