#!/usr/bin/env bash
# Set up everything the tests need (Python packages, PostgreSQL, Chromium), then run lint, types and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/postgres.sh   # starts PostgreSQL if it is down and exports TEST_POSTGRES_URL
.venv/bin/ruff check monitor tests bench
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
