"""Runs notebooks headless with the swiftdl kernel (nbclient) and checks their key outputs.

    Jupyter/.venv/bin/python Jupyter/run_notebooks.py [--require-svg] NOTEBOOK.ipynb ...

Fails (exit status 1) when a cell fails, when a notebook whose name starts with `01` does not print
`Test accuracy: 0.xx` with a value of at least 0.85, or, with --require-svg, when no notebook displayed
an `image/svg+xml` output. Executed copies are written to --output (default: not written).
"""

import argparse
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ACCURACY = re.compile(r"Test accuracy: (0\.\d+|1\.0+)\b")
MINIMUM_ACCURACY = 0.85


def _outputs(notebook):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            yield output


def _texts(notebook):
    for output in _outputs(notebook):
        if output.get("output_type") == "stream":
            yield output.get("text", "")
        elif output.get("output_type") in ("execute_result", "display_data"):
            yield output.get("data", {}).get("text/plain", "")


def check_outputs(name, notebook):
    """Problems with an executed notebook's outputs (empty when fine) and how many SVG displays it has."""
    problems = []
    svgs = sum(1 for output in _outputs(notebook) if "image/svg+xml" in output.get("data", {}))
    if os.path.basename(name).startswith("01"):
        values = [float(match) for text in _texts(notebook) for match in ACCURACY.findall(text)]
        if not values:
            problems.append("%s: no line \"Test accuracy: 0.xx\" in its outputs" % name)
        elif values[-1] < MINIMUM_ACCURACY:
            problems.append("%s: Test accuracy %.4f is below %.2f" % (name, values[-1], MINIMUM_ACCURACY))
    return problems, svgs


def run(path, timeout, kernel):
    """Executes the notebook at `path` in its own folder; returns (executed notebook, error or None)."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name=kernel, allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    try:
        client.execute()
    except CellExecutionError as error:
        return notebook, str(error)
    except (CellTimeoutError, DeadKernelError) as error:
        return notebook, "%s: %s" % (type(error).__name__, error)
    return notebook, None


def main(arguments=None):
    parser = argparse.ArgumentParser(description="Run notebooks with the swiftdl kernel and check their outputs.")
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--require-svg", action="store_true", help="fail unless some notebook displayed an SVG")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    parser.add_argument("--kernel", default="swiftdl")
    parser.add_argument("--output", help="folder for the executed notebooks")
    options = parser.parse_args(arguments)
    problems = []
    svgs = 0
    for path in options.notebooks:
        started = time.monotonic()
        notebook, error = run(path, options.timeout, options.kernel)
        seconds = time.monotonic() - started
        if error is not None:
            problems.append("%s: a cell failed:\n%s" % (path, error))
            print("FAIL %s (%.0f s)" % (path, seconds), flush=True)
        else:
            found, count = check_outputs(path, notebook)
            problems += found
            svgs += count
            print("%s %s (%.0f s, %d SVG outputs)" % ("FAIL" if found else "ok  ", path, seconds, count), flush=True)
        if options.output:
            os.makedirs(options.output, exist_ok=True)
            nbformat.write(notebook, os.path.join(options.output, os.path.basename(path)))
    if options.require_svg and svgs == 0:
        problems.append("No notebook displayed an image/svg+xml output.")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
