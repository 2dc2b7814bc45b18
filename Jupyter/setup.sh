#!/bin/sh
# `make jupyter`: a Python 3.10 virtual environment with Jupyter in Jupyter/.venv, SwiftDL built as a
# shared library, and the kernel spec `swiftdl` ("Swift (SwiftDL)") registered in that environment.
# Says what is missing (the Swift toolchain, LLDB's Python module, a Python 3.10 with libpython3.10)
# and where it looked, and stops, when something is.
set -e
cd "$(dirname "$0")/.."
. Jupyter/find.sh
VENV=Jupyter/.venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
    echo "Creating $VENV with $SWIFTDL_PYTHON"
    rm -rf "$VENV"
    "$SWIFTDL_PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "jupyter-client>=8,<9" "ipykernel>=6.29,<8" "nbclient>=0.10,<1" \
    "nbformat>=5.9,<6" "jupyterlab>=4,<5"
# SwiftDL as a shared library for the kernel (built only when a source is newer than it), so that the
# first cell of a notebook starts in seconds.
PYTHONPATH=Jupyter "$VENV/bin/python" -c 'import sys; from swiftdl_kernel import packages
packages.swiftdl_library(sys.argv[1], sys.argv[2], lambda text: print(text, end="", flush=True))
print("SwiftDL library:", sys.argv[1] + "/.build/release/libSwiftDL.so")' "$(pwd)" "$SWIFTDL_TOOLCHAIN/bin/swift"
"$VENV/bin/python" Jupyter/install.py
