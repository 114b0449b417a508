#!/usr/bin/env bash
# The main job on the bundled examples: check every example document (a table of verdicts), then
# load the example organisation, documents and mail log into the demo register and serve the web app.
#   ./scripts/demo.sh              # … and serve http://127.0.0.1:8000/ (Ctrl-C to stop)
#   ./scripts/demo.sh --no-serve   # stop after loading and printing the logins
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"
status=0
uv run congvu scan examples/documents || status=$?
# 1 means "some violation found", which is what the examples are there to show.
if [ "$status" -gt 1 ]; then exit "$status"; fi
exec uv run congvu demo "$@"
