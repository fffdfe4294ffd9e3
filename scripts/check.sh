#!/usr/bin/env bash
# The whole test suite: lint, format, types, then pytest (which fails when no test ran).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
