#!/usr/bin/env bash
# The whole test suite (SQLite and PostgreSQL), after the same set-up as the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"
uv run ruff check src tests bench
uv run mypy
uv run lint-imports  # the layers of docs/design.md (contracts in pyproject.toml)
uv run pytest -n 2 "$@"
