#!/usr/bin/env bash
# Install paperscope into .venv from the lock file. With --test, also the test tools:
# the Label Studio server in its own .venv-ls (its pins clash with ours) and Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
UV_VERSION=0.13.9
LABEL_STUDIO_VERSION=1.23.2
want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    *) echo "setup.sh: unknown option $arg (known: --test)" >&2; exit 2 ;;
  esac
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! "$PY" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  if command -v apt-get >/dev/null; then
    as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null
  else
    echo "setup.sh: need Python >= 3.11 with venv (set PYTHON=...)" >&2; exit 2
  fi
fi

# uv lives in its own small venv so `uv sync` can manage .venv exactly as the lock says.
if [ ! -x .venv-uv/bin/uv ] || ! .venv-uv/bin/uv --version | grep -q "$UV_VERSION"; then
  "$PY" -m venv .venv-uv
  .venv-uv/bin/pip install -qq --disable-pip-version-check "uv==$UV_VERSION"
fi
UV_PYTHON="$PY" .venv-uv/bin/uv sync --frozen --quiet --python "$(command -v "$PY")"

if [ "$want_test" -eq 1 ]; then
  if ! .venv-ls/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('label-studio') != '$LABEL_STUDIO_VERSION')" 2>/dev/null; then
    echo "setup.sh: installing Label Studio $LABEL_STUDIO_VERSION into .venv-ls (about 2 minutes)"
    "$PY" -m venv .venv-ls
    .venv-ls/bin/pip install -qq --disable-pip-version-check "label-studio==$LABEL_STUDIO_VERSION"
  fi
  if ! command -v chromium >/dev/null; then
    echo "setup.sh: installing Debian's chromium for the browser tests"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
echo "setup.sh: paperscope installed in .venv ($(.venv/bin/paperscope --version))"
