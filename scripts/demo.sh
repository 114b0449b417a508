#!/usr/bin/env bash
# The main job on the bundled examples: check every example document and print the verdicts.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"
status=0
uv run congvu scan examples/documents "$@" || status=$?
# 1 means "some violation found", which is what the examples are meant to show.
if [ "$status" -gt 1 ]; then exit "$status"; fi
