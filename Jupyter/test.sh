#!/bin/sh
# The Jupyter part of `make test`: the kernel's tests (jupyter_client), the notebook runner's tests, then
# every Notebooks/*.ipynb run with the swiftdl kernel (nbclient), checked for cell errors and key outputs.
# Without the toolchain's LLDB Python module or a Python 3.10 with libpython3.10 it is skipped with the
# reason, and fails instead when CI=true.
set -e
cd "$(dirname "$0")/.."
FIND_OPTIONAL=yes
. Jupyter/find.sh
if [ -n "$FIND_ERROR" ]; then
    if [ "${CI:-}" = true ]; then
        echo "Jupyter tests cannot run, and CI=true makes that a failure: $FIND_ERROR" >&2
        exit 1
    fi
    echo "Skipping the Jupyter tests: $FIND_ERROR"
    exit 0
fi
VENV=Jupyter/.venv
if [ ! -x "$VENV/bin/jupyter-lab" ] || ! "$VENV/bin/python" -c 'import ipykernel, jupyter_client, nbclient, nbformat' 2>/dev/null; then
    sh Jupyter/setup.sh
else
    # The kernel builds SwiftDL's library when a source is newer (`swift test -c release` links it too).
    "$VENV/bin/python" Jupyter/install.py > /dev/null
fi
echo "Jupyter kernel tests"
(cd Jupyter && .venv/bin/python -W ignore::ResourceWarning -m unittest discover -s tests -p 'test_*.py')
NOTEBOOKS=$(ls Notebooks/*.ipynb 2>/dev/null || true)
if [ -z "$NOTEBOOKS" ]; then
    echo "No notebooks in Notebooks/ to run."
    [ "${CI:-}" != true ] || exit 1
    exit 0
fi
echo "Notebooks (swiftdl kernel, nbclient)"
"$VENV/bin/python" Jupyter/run_notebooks.py --require-svg $NOTEBOOKS
