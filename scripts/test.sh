#!/usr/bin/env bash
# Set up everything the tests need (Python packages, PostgreSQL, Chromium), then run lint, types, the
# wheel test (build, install in a fresh venv, walk the install guide) and the tests.
# With arguments (a part of the suite, pytest options) the wheel test is left out: they go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/postgres.sh   # starts PostgreSQL if it is down and exports TEST_POSTGRES_URL
.venv/bin/ruff check monitor tests bench
.venv/bin/mypy
[ $# -gt 0 ] || bash scripts/wheel-test.sh
exec .venv/bin/python -m pytest "$@"
