"""The notebook runner: executes notebooks with the swiftdl kernel, fails on cell errors and bad key outputs."""

import contextlib
import io
import os
import sys
import tempfile
import unittest

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import run_notebooks  # noqa: E402

SMOKE = os.path.join(HERE, "notebooks", "01_runner_smoke.ipynb")


def notebook(*sources, outputs=None):
    cells = [new_code_cell(source) for source in sources]
    if outputs is not None:
        cells[0].outputs = outputs
    result = new_notebook(cells=cells)
    result.metadata["kernelspec"] = {"name": "swiftdl", "display_name": "Swift (SwiftDL)", "language": "swift"}
    return result


def run_quietly(arguments):
    errors = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
        status = run_notebooks.main(arguments)
    return status, errors.getvalue()


class OutputCheckTests(unittest.TestCase):
    """The key-output rules, on notebooks with outputs already in them."""

    def check(self, name, outputs):
        return run_notebooks.check_outputs(name, notebook("1", outputs=outputs))

    def test_notebook_01_needs_a_test_accuracy_of_at_least_0_85(self):
        good = [new_output("stream", name="stdout", text="Epoch 1/1\nTest accuracy: 0.8912\n")]
        self.assertEqual(self.check("01_fashion_mnist.ipynb", good), ([], 0))
        low = [new_output("stream", name="stdout", text="Test accuracy: 0.8412\n")]
        problems, _ = self.check("Notebooks/01_fashion_mnist.ipynb", low)
        self.assertEqual(len(problems), 1)
        self.assertIn("0.8412 is below 0.85", problems[0])
        self.assertIn("no line", self.check("01_fashion_mnist.ipynb", [])[0][0])
        # The last printed accuracy counts; other notebooks need none.
        both = [new_output("stream", name="stdout", text="Test accuracy: 0.80\n...\nTest accuracy: 0.90\n")]
        self.assertEqual(self.check("01_x.ipynb", both), ([], 0))
        self.assertEqual(self.check("02_convolutions.ipynb", low), ([], 0))

    def test_svg_displays_are_counted(self):
        svg = new_output("display_data", data={"image/svg+xml": "<svg/>", "text/plain": "<SVG>"})
        png = new_output("display_data", data={"image/png": "iVBOR"})
        self.assertEqual(self.check("03_vae.ipynb", [svg, png, svg]), ([], 2))


class RunnerTests(unittest.TestCase):
    """Notebooks executed by the kernel."""

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.folder.cleanup()

    def write(self, name, nb):
        path = os.path.join(self.folder.name, name)
        nbformat.write(nb, path)
        return path

    def test_the_smoke_notebook_passes_with_its_accuracy_and_svg(self):
        output = os.path.join(self.folder.name, "out")
        status, errors = run_quietly(["--require-svg", "--output", output, SMOKE])
        self.assertEqual(status, 0, errors)
        executed = nbformat.read(os.path.join(output, os.path.basename(SMOKE)), as_version=4)
        problems, svgs = run_notebooks.check_outputs(SMOKE, executed)
        self.assertEqual((problems, svgs), ([], 1))

    def test_a_cell_error_fails_the_run(self):
        path = self.write("02_broken.ipynb", notebook('print("fine")', 'let broken: Int = "text"', 'print("never")'))
        status, errors = run_quietly([path])
        self.assertEqual(status, 1)
        self.assertIn("02_broken.ipynb: a cell failed", errors)
        self.assertIn("cannot convert value of type 'String' to specified type 'Int'", errors)

    def test_a_low_accuracy_in_notebook_01_and_no_svg_fail_the_run(self):
        path = self.write("01_low.ipynb", notebook('print("Test accuracy: 0.5000")'))
        status, errors = run_quietly(["--require-svg", path])
        self.assertEqual(status, 1)
        self.assertIn("Test accuracy 0.5000 is below 0.85", errors)
        self.assertIn("No notebook displayed an image/svg+xml output", errors)


if __name__ == "__main__":
    unittest.main()
