#!/usr/bin/env bash
# Set up, then run the demo on bundled data: no credentials, no network.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh runtime
exec .venv/bin/council-monitor demo "$@"
