"""The swiftdl kernel, driven through jupyter_client as a notebook drives it.

Needs the kernel spec installed (`make jupyter`). One kernel serves most tests (each uses its own
names); restart, process exit and %install get kernels of their own.
"""

import os
import re
import shutil
import sys
import tempfile
import textwrap
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from kernel_client import Kernel  # noqa: E402

# A 3-epoch fit of a small MLP on random data: 1024 steps an epoch, a few seconds.
FIT_SETUP = """
import DL
let fitX = Tensor.randomNormal([131072, 64], seed: 1)
let fitY = Tensor.randomNormal([131072, 1], seed: 2)
let fitModel = Sequential([InputLayer(shape: [64]), Dense(256, activation: .relu), Dense(256, activation: .relu), Dense(1)])
fitModel.compile(optimizer: Adam(), loss: .meanSquaredError)
"""


class KernelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel()
        first = cls.kernel.execute("let kernelStarted = true")
        assert first.status == "ok", first

    @classmethod
    def tearDownClass(cls):
        cls.kernel.shutdown()

    def run_cell(self, code, **arguments):
        return self.kernel.execute(textwrap.dedent(code).strip("\n"), **arguments)

    def assertOk(self, cell):
        self.assertEqual(cell.status, "ok", cell)

    def assertValue(self, code, expected):
        cell = self.run_cell(code)
        self.assertOk(cell)
        self.assertEqual(len(cell.results), 1, cell)
        self.assertRegex(cell.results[0], r"^\$R\d+: %s$" % re.escape(expected))

    def test_state_persists_across_cells(self):
        self.assertOk(self.run_cell("let answerBase = 40\nfunc addTwo(_ x: Int) -> Int { x + 2 }"))
        self.assertOk(self.run_cell("struct Point { var x: Int }\nvar points = [Point(x: 1)]"))
        self.assertOk(self.run_cell("points.append(Point(x: addTwo(answerBase)))"))
        self.assertValue("points.map(\\.x)", "[Int] = 2 values {\n  [0] = 1\n  [1] = 42\n}")
        cell = self.run_cell('print("sum", points.reduce(0) { $0 + $1.x })')
        self.assertOk(cell)
        self.assertEqual(cell.stdout, "sum 43\n")
        self.assertEqual(cell.results, [])

    def test_expression_values_are_shown_as_the_repl_shows_them(self):
        self.assertValue("6 * 7", "Int = 42")
        self.assertValue('"swift" + "dl"', 'String = "swiftdl"')
        self.assertEqual(self.run_cell("let notShown = 1").results, [])
        self.assertEqual(self.run_cell("6 * 7;").results, [])       # IPython's trailing ";"
        # A class instance as its type and address; a String the cell printed already (model.summary()) not again.
        cell = self.run_cell("final class Box { var contents = [1, 2, 3] }\nBox()")
        self.assertRegex(cell.results[0], r"^\$R\d+: .*Box = 0x[0-9a-f]+$")
        cell = self.run_cell('func report() -> String { print("a table"); return "a table" }\nreport()')
        self.assertEqual((cell.stdout, cell.results), ("a table\n", []))

    def test_a_compile_error_is_a_cell_error_with_the_cells_line_and_keeps_the_session(self):
        self.assertOk(self.run_cell("let keptValue = 7\nfunc keptFunction() -> Int { keptValue * 6 }"))
        cell = self.run_cell("""
            let fine = 1
            let wrong: Int = "text"
            """)
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.error["ename"], "CompileError")
        self.assertIn("cannot convert value of type 'String' to specified type 'Int'", cell.error["evalue"])
        self.assertRegex("\n".join(cell.error["traceback"]), r"<Cell \d+>:2:18")
        # The earlier definitions are usable, and the failed cell defined nothing.
        self.assertValue("keptFunction()", "Int = 42")
        self.assertEqual(self.run_cell("fine").error["ename"], "CompileError")
        unfinished = self.run_cell("let a = 1\nprint(")
        self.assertEqual(unfinished.error["ename"], "CompileError")
        self.assertRegex("\n".join(unfinished.error["traceback"]), r"<Cell \d+>:2:")
        self.assertValue("keptValue", "Int = 7")

    def test_a_runtime_trap_is_reported_and_the_session_recovers(self):
        self.assertOk(self.run_cell("var trapSurvivor = [1, 2, 3]"))
        cell = self.run_cell('print("before the trap")\nprecondition(trapSurvivor.count > 5, "too few")')
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.error["ename"], "RuntimeError")
        self.assertIn("Precondition failed: too few", cell.error["evalue"])
        traceback = "\n".join(cell.error["traceback"])
        self.assertRegex(traceback, r"at .*<Cell \d+>:2")
        self.assertIn("recovered", traceback)
        self.assertIn("before the trap", cell.stdout)
        # Out of bounds, then a SwiftDL check failing inside the library (release build).
        bounds = self.run_cell("trapSurvivor[10]")
        self.assertIn("Index out of range", bounds.error["evalue"])
        library = self.run_cell("let badShape = Tensor.zeros([2, 3]).reshaped([7])")
        self.assertEqual(library.error["ename"], "RuntimeError")
        self.assertIn("SwiftDL:", library.error["evalue"])
        self.assertIn("recovered", "\n".join(library.error["traceback"]))
        self.assertOk(self.run_cell("trapSurvivor.append(4)"))
        self.assertValue("trapSurvivor.count", "Int = 4")

    def test_fit_output_arrives_while_it_runs(self):
        self.assertOk(self.run_cell(FIT_SETUP))
        cell = self.run_cell("let streamedHistory = try fitModel.fit(x: fitX, y: fitY, batchSize: 32, epochs: 3)")
        self.assertOk(cell)
        streams = [m for m in cell.messages if m.kind == "stream"]
        text = cell.stdout
        for epoch in (1, 2, 3):
            self.assertIn("Epoch %d/3\n" % epoch, text)
        # The progress bar redraws in place: several "\r" updates in an epoch, one final line each.
        self.assertGreater(text.count("\r"), 6, text)
        self.assertEqual(len(re.findall(r"4096/4096 \[=+\] - \d+s \d+(ms|us|s)/step - loss: \d+\.\d{4} *\n", text)), 3, text)
        first = next(m for m in streams if "Epoch 1/3" in m.content["text"])
        third = next(m for m in streams if "Epoch 3/3" in m.content["text"])
        # Sent while the cell ran, not at its end: the first epoch's output within the first half of
        # the cell's time, the third epoch's a good while later, in many messages.
        self.assertGreater(cell.reply_at, 1.0)
        self.assertLess(first.at, 0.5 * cell.reply_at, (first.at, third.at, cell.reply_at))
        self.assertGreater(third.at - first.at, 0.3 * cell.reply_at, (first.at, third.at, cell.reply_at))
        self.assertGreater(len(streams), 6)
        self.assertValue("streamedHistory.history[\"loss\"]!.count", "Int = 3")

    def test_interrupt_stops_a_running_fit_and_keeps_the_session(self):
        self.assertOk(self.run_cell(FIT_SETUP.replace("fit", "interruptFit")))
        interrupted_at = []

        def interrupt_when_training(message, messages):
            if not interrupted_at and "Epoch 2/" in "".join(m.content.get("text", "") for m in messages):
                interrupted_at.append(time.time())
                self.kernel.interrupt()

        start = time.time()
        cell = self.run_cell("try interruptFitModel.fit(x: interruptFitX, y: interruptFitY, epochs: 1000)",
                             on_message=interrupt_when_training)
        self.assertTrue(interrupted_at, cell)
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.error["ename"], "Interrupted")
        self.assertIn("recovered", "\n".join(cell.error["traceback"]))
        stopped_after = start + cell.reply_at - interrupted_at[0]
        self.assertLess(stopped_after, 10, "the interrupt took %.1f s" % stopped_after)
        self.assertNotIn("Epoch 1000/1000", cell.stdout)
        # The session and the model still work: train on.
        again = self.run_cell("try interruptFitModel.fit(x: interruptFitX[0..<1024], y: interruptFitY[0..<1024], "
                              "epochs: 2, verbose: 2).history[\"loss\"]!.count")
        self.assertOk(again)
        self.assertRegex(again.results[0], r"Int = 2$")

    def test_interrupt_stops_a_plain_swift_loop(self):
        self.assertOk(self.run_cell("var spins = 0"))
        timer = threading.Timer(2.0, self.kernel.interrupt)
        timer.start()
        cell = self.run_cell("while true { spins += 1 }")
        timer.join()
        self.assertEqual(cell.error["ename"], "Interrupted")
        self.assertLess(cell.reply_at, 10)
        self.assertValue("spins > 0", "Bool = true")

    def test_a_display_record_becomes_display_data(self):
        svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'
        cell = self.run_cell(r'''
            import Foundation
            let recordSVG = #"%s"#
            print("before")
            print("\u{1E}SWIFTDL-DISPLAY image/svg+xml " + Data(recordSVG.utf8).base64EncodedString() + "\u{1E}")
            print("after")
            ''' % svg)
        self.assertOk(cell)
        self.assertEqual([m.kind for m in cell.messages], ["stream", "display_data", "stream"], cell)
        self.assertEqual(cell.displays, [{"image/svg+xml": svg}])
        self.assertEqual(cell.stdout, "before\nafter\n")
        cell = self.run_cell('print(String(cString: getenv("SWIFTDL_DISPLAY")!))')
        self.assertEqual(cell.stdout, "jupyter\n")

    def test_import_DL_works_without_set_up(self):
        cell = self.run_cell("""
            import DL
            let imported = Tensor([[1, 2], [3, 4]])
            print(imported.shape, imported.transposed().scalars)
            """)
        self.assertOk(cell)
        self.assertEqual(cell.stdout, "[2, 2] [1.0, 3.0, 2.0, 4.0]\n")
        # Importing modules again, or Foundation, keeps the session's definitions.
        self.assertOk(self.run_cell("import DLCore\nimport Foundation\nimport DL"))
        self.assertValue("imported.shape", "[Int] = 2 values {\n  [0] = 2\n  [1] = 2\n}")

    def test_unknown_directives_are_errors(self):
        cell = self.run_cell("%timeit 1 + 1")
        self.assertEqual(cell.error["ename"], "DirectiveError")
        self.assertIn("%timeit", cell.error["evalue"])


class SessionTests(unittest.TestCase):
    """Restarts and a Swift process that exits."""

    def setUp(self):
        self.kernel = Kernel()

    def tearDown(self):
        self.kernel.shutdown()

    def repl_pid(self):
        cell = self.kernel.execute("import Glibc\nprint(getpid())")
        self.assertEqual(cell.status, "ok", cell)
        return int(cell.stdout)

    def test_restart_starts_a_clean_session_and_ends_the_old_process(self):
        self.assertEqual(self.kernel.execute("let beforeRestart = 1").status, "ok")
        pid = self.repl_pid()
        self.kernel.restart()
        cell = self.kernel.execute("beforeRestart")
        self.assertEqual(cell.error["ename"], "CompileError")
        self.assertRegex(self.kernel.execute("1 + 1").results[0], r"Int = 2$")
        self.assertNotEqual(self.repl_pid(), pid)
        for _ in range(50):
            if not os.path.exists("/proc/%d" % pid):
                break
            time.sleep(0.1)
        self.assertFalse(os.path.exists("/proc/%d" % pid), "the old repl_swift process still runs")

    def test_a_process_that_exits_is_reported_and_the_next_cell_starts_a_new_session(self):
        self.assertEqual(self.kernel.execute("let lost = 1").status, "ok")
        cell = self.kernel.execute("import Glibc\nexit(3)")
        self.assertEqual(cell.error["ename"], "SwiftProcessEnded")
        self.assertIn("exit status 3", cell.error["evalue"])
        self.assertIn("definitions from earlier cells are gone", cell.error["evalue"])
        self.assertEqual(self.kernel.execute("lost").error["ename"], "CompileError")
        self.assertEqual(self.kernel.execute('print("again")').stdout, "again\n")


class InstallTests(unittest.TestCase):
    """%install adds a local Swift package before the first import of a session."""

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="swiftdl-install-")
        package = os.path.join(self.folder, "Greeting")
        os.makedirs(os.path.join(package, "Sources", "Greeting"))
        with open(os.path.join(package, "Package.swift"), "w") as file:
            file.write(textwrap.dedent("""\
                // swift-tools-version:5.9
                import PackageDescription
                let package = Package(name: "Greeting", products: [.library(name: "Greeting", targets: ["Greeting"])],
                                      targets: [.target(name: "Greeting")])
                """))
        with open(os.path.join(package, "Sources", "Greeting", "Greeting.swift"), "w") as file:
            file.write('public func greet(_ name: String) -> String { "Hello, \\(name)!" }\n')
        self.package = package
        environment = dict(os.environ, SWIFTDL_KERNEL_CACHE=os.path.join(self.folder, "cache"))
        self.kernel = Kernel(env=environment)

    def tearDown(self):
        self.kernel.shutdown()
        shutil.rmtree(self.folder, ignore_errors=True)

    def test_install_a_local_package_then_refuse_after_swift_started(self):
        cell = self.kernel.execute("%%install '.package(path: \"%s\")' Greeting\n"
                                   "import Greeting\nprint(greet(\"notebook\"))" % self.package)
        self.assertEqual(cell.status, "ok", cell)
        self.assertTrue(cell.stdout.endswith("Hello, notebook!\n"), cell.stdout)
        self.assertIn("Installing packages", cell.stdout)
        self.assertEqual(self.kernel.execute("import DL\nprint(Tensor.zeros([2, 3]).shape)").stdout, "[2, 3]\n")
        late = self.kernel.execute("%%install '.package(path: \"%s\")' Greeting" % self.package)
        self.assertEqual(late.error["ename"], "InstallError")
        self.assertIn("cannot link a new package", late.error["evalue"])
        self.assertIn("Restart the kernel", late.error["evalue"])

    def test_a_malformed_install_line_says_how_to_write_it(self):
        cell = self.kernel.execute("%install Greeting")
        self.assertEqual(cell.error["ename"], "DirectiveError")
        self.assertIn("%install '.package(path:", cell.error["evalue"])


if __name__ == "__main__":
    unittest.main()
