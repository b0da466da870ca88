#!/bin/sh
# Runs the pytest suite of the Python binding with the configured
# interpreter ($PYTHON) against the package staged in the build tree
# ($PYTHONPATH), both set by make check.
set -e
: "${PYTHON:?PYTHON is not set: run through make check}"
here=$(cd "$(dirname "$0")" && pwd)
# The source tree may be read-only (make distcheck): no bytecode files.
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE
cd "${TMPDIR:-/tmp}"
exec "$PYTHON" -m pytest -q -p no:cacheprovider "$here"
