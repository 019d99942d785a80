#!/bin/sh
# The image's install steps, in one place. The Dockerfile runs it (with --system, as root); the
# tests run it without --system into a fresh virtual environment (tests/test_wheel.py), so the
# steps that make the image are the steps the test suite proves.
#
#   deploy/install.sh [--system] DIST VENV
#
# DIST holds the built wheel (interview_bot-*.whl) and constraints.txt (the locked versions:
# `uv export --frozen --no-dev --no-emit-project --no-hashes`). VENV is created with $PYTHON
# (default python3). --system also installs Debian's libraqm0 and libfribidi0 (Pillow's Raqm
# layout for quote cards; the fonts come inside the wheel).
set -eu

system=0
if [ "${1:-}" = "--system" ]; then
  system=1
  shift
fi
if [ $# -ne 2 ]; then
  echo "usage: install.sh [--system] DIST VENV" >&2
  exit 2
fi
dist=$1
venv=$2

if [ $system = 1 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libraqm0 libfribidi0
  rm -rf /var/lib/apt/lists/*
fi

set -- "$dist"/interview_bot-*.whl
if [ ! -f "$1" ] || [ ! -f "$dist/constraints.txt" ]; then
  echo "install.sh: $dist needs one interview_bot-*.whl and constraints.txt" >&2
  exit 2
fi
wheel=$1

"${PYTHON:-python3}" -m venv "$venv"
if command -v uv >/dev/null 2>&1 && [ "${INSTALL_WITH_PIP:-0}" != 1 ]; then
  uv pip install --quiet --python "$venv/bin/python" --constraint "$dist/constraints.txt" "$wheel"
else
  "$venv/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check \
    --constraint "$dist/constraints.txt" "$wheel"
fi
"$venv/bin/interview-bot" --version
