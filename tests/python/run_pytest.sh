#!/bin/sh
# Runs the pytest suite of the Python binding with the configured
# interpreter against the package staged in the build tree; make check sets
# COMPLY_PYTHON (interpreter), COMPLY_PYTHON_PATH (staged package),
# COMPLY_PYTHON_LIBDIR (libcomply in the build tree) and, in a sanitizer
# build, COMPLY_PYTHON_PRELOAD (the ASan and UBSan runtimes).
set -e
: "${COMPLY_PYTHON:?not set: run through make check}"
here=$(cd "$(dirname "$0")" && pwd)
PYTHONPATH=$COMPLY_PYTHON_PATH
LD_LIBRARY_PATH=$COMPLY_PYTHON_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
# The source tree may be read-only (make distcheck): no bytecode files.
PYTHONDONTWRITEBYTECODE=1
export PYTHONPATH LD_LIBRARY_PATH PYTHONDONTWRITEBYTECODE
if [ -n "${COMPLY_PYTHON_PRELOAD:-}" ]; then
    LD_PRELOAD=$COMPLY_PYTHON_PRELOAD
    ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
    export LD_PRELOAD ASAN_OPTIONS
fi
cd "${TMPDIR:-/tmp}"
exec "$COMPLY_PYTHON" -m pytest -q -p no:cacheprovider "$here"
