"""The Jupyter kernel: cells evaluated by the Swift REPL under LLDB, with SwiftDL importable.

Swift starts with the first cell (so that `%install` lines in it can add packages first): SwiftDL's
shared library is built or reused, LLDB gets the module search paths and module maps, `repl_swift`
is launched with SWIFTDL_DISPLAY=jupyter, and a hidden first evaluation `dlopen`s the libraries and
imports their modules (importing a module for the first time resets LLDB's REPL state, so it must
happen before the user's definitions). While a cell runs, a thread streams the process's output to
the cell and turns SwiftDL's display records into display_data messages.
"""

import json
import os
import re
import signal
import threading
import time

from ipykernel.kernelbase import Kernel

from . import output as output_decoding
from . import packages
from . import toolchain
from .repl import SwiftREPL, already_shown, is_svg, value_text

# Modules imported by the hidden first evaluation, so that the user's `import` of them later does not
# reset the REPL (LLDB forgets the session's definitions when a module is imported for the first time).
# How long an interrupted evaluation may run on to a safe point before the session is given up.
INTERRUPT_SECONDS = 10

STANDARD_MODULES = ["Glibc", "Foundation", "FoundationEssentials", "Dispatch"]


def cell_locations(message, cell, line_count):
    """Diagnostics with LLDB's temporary file names (/tmp/repl12-ab34..cpp:3:1, for errors at the end of
    the code, after the #sourceLocation line) written as the cell's lines (<Cell 5>:2:1)."""
    def replace(match):
        line = min(max(int(match.group(1)) - 1, 1), line_count)
        return "<Cell %d>:%d:%s" % (cell, line, match.group(2))
    return re.sub(r"/tmp/repl[^:\s]*:(\d+):(\d+)", replace, message)


class OutputPump(threading.Thread):
    """Reads the Swift process's output every 50 ms while a cell runs and sends it to the cell."""

    daemon = True

    def __init__(self, kernel, parent):
        super().__init__(name="swift-output")
        self.kernel = kernel
        self.parent = parent
        self.decoder = output_decoding.OutputDecoder()
        self.stopping = threading.Event()
        self.text = []

    def run(self):
        try:
            while not self.stopping.wait(0.05):
                self.pump()
            self.pump(final=True)
        except Exception as error:   # the cell's reply must still come
            self.kernel.log.error("Output thread: %s", error)

    def pump(self, final=False):
        events = self.decoder.feed(self.kernel.repl.read_output())
        if final:
            events += self.decoder.finish()
        for event in events:
            if isinstance(event, output_decoding.Text):
                self.text.append(event.text)
                self.kernel.send_iopub("stream", {"name": "stdout", "text": event.text}, self.parent)
            else:
                self.kernel.send_iopub("display_data", {"data": event.data, "metadata": {}}, self.parent)

    def stop(self):
        self.stopping.set()
        self.join()
        return "".join(self.text)


class SwiftDLKernel(Kernel):
    implementation = "swiftdl"
    implementation_version = "1.0"
    banner = "Swift (SwiftDL): Swift cells evaluated by the Swift REPL, with `import DL` ready"
    language_info = {
        "name": "swift",
        "mimetype": "text/x-swift",
        "file_extension": ".swift",
        "codemirror_mode": "swift",
        "pygments_lexer": "swift",
        "version": "6",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.repl = None
        self.sessions = 0
        self.install_specs = []
        self.libraries = []
        self.root = os.environ.get("SWIFTDL_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))
        self.toolchain = os.environ.get("SWIFTDL_TOOLCHAIN") or toolchain.find_toolchain()
        self.swift = os.path.join(self.toolchain, "bin", "swift")
        self.cache = os.environ.get("SWIFTDL_KERNEL_CACHE") or os.path.join(
            os.path.expanduser("~"), ".cache", "swiftdl-kernel")
        threading.Thread(target=self._wait_for_interrupts, name="sigint", daemon=True).start()

    # Messages -------------------------------------------------------------------------------------

    def send_iopub(self, kind, content, parent):
        """Sends an IOPub message for the cell whose request is `parent` (safe from any thread)."""
        self.session.send(self.iopub_socket, kind, content, parent=parent, ident=self._topic(kind))

    def _error(self, parent, ename, evalue, traceback):
        self.send_iopub("error", {"ename": ename, "evalue": evalue, "traceback": traceback}, parent)
        return {"status": "error", "execution_count": self.execution_count, "ename": ename, "evalue": evalue,
                "traceback": traceback}

    def _ok(self):
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def _say(self, parent, text):
        self.send_iopub("stream", {"name": "stdout", "text": text}, parent)

    # Interrupts -----------------------------------------------------------------------------------

    def _wait_for_interrupts(self):
        # SIGINT is blocked in every thread (see __main__), so it arrives here only.
        while True:
            signal.sigwait([signal.SIGINT])
            if self.repl is not None:
                try:
                    self.repl.interrupt()
                except Exception as error:
                    self.log.error("Interrupt: %s", error)

    # Starting Swift -------------------------------------------------------------------------------

    def _start_swift(self, parent):
        say = lambda text: self._say(parent, text)
        libraries = [packages.swiftdl_library(self.root, self.swift, say)]
        if self.install_specs:
            libraries.append(packages.installed_library(
                self.install_specs, os.path.join(self.cache, "install"), self.swift, say))
        environment = dict(os.environ)
        for key in ("PYTHONPATH", "PYTHONHOME", "JPY_PARENT_PID", "SWIFTDL_KERNEL_CACHE"):
            environment.pop(key, None)
        environment["SWIFTDL_DISPLAY"] = "jupyter"
        clang_flags = [flag for library in libraries for flag in library.clang_flags()]
        if os.path.isdir("/usr/include/hdf5/serial"):
            clang_flags.append("-I/usr/include/hdf5/serial")
        repl = SwiftREPL(self.toolchain, [library.modules_folder for library in libraries], clang_flags,
                         environment, os.getcwd())
        self.repl = repl    # so that a failed start is cleaned up by _stop_swift
        repl.start()
        self.libraries = libraries
        self.sessions += 1
        loads = ["import func Glibc.dlopen", "import func Glibc.dlerror", "import var Glibc.RTLD_NOW",
                 "import var Glibc.RTLD_GLOBAL"]
        for index, library in enumerate(libraries):
            loads.append('let __swiftdl_kernel_handle%d = dlopen(%s, RTLD_NOW | RTLD_GLOBAL)'
                         % (index, json.dumps(library.path)))
            loads.append('if __swiftdl_kernel_handle%d == nil { print("dlopen failed:", String(cString: dlerror())) }'
                         % index)
        self._hidden(parent, "\n".join(loads), "loading " + ", ".join(l.path for l in libraries))
        failed = [text for text in [repl.read_output()] if "dlopen failed" in text]
        if failed:
            raise RuntimeError(failed[0].strip())
        # Interrupts stop a running fit, evaluate or predict between two steps (see _run_cell).
        if not repl.add_safe_point(r"ProgressBar\.update\(", os.path.basename(libraries[0].path)):
            self.log.warning("No ProgressBar.update in %s: interrupts stop wherever the code is", libraries[0].path)
        for module in STANDARD_MODULES + [m for library in libraries for m in library.modules]:
            result = repl.evaluate("import %s" % module)
            if result.kind not in ("ok", "value") and module not in STANDARD_MODULES:
                raise RuntimeError("import %s failed: %s" % (module, result.message))
        repl.read_output()

    def _hidden(self, parent, code, what):
        result = self.repl.evaluate(code)
        if result.kind not in ("ok", "value"):
            raise RuntimeError("%s failed: %s" % (what, result.message))
        return result

    def _stop_swift(self):
        if self.repl is not None:
            self.repl.kill()
            self.repl = None

    # Cells ----------------------------------------------------------------------------------------

    def _preprocess(self, code):
        """The cell's Swift code (directive lines blanked, so line numbers stay) and its %install specs."""
        lines = code.split("\n")
        specs = []
        for index, line in enumerate(lines):
            spec = packages.parse_install_line(line, index + 1, os.getcwd())
            if spec is not None:
                specs.append(spec)
                lines[index] = ""
            elif line.lstrip().startswith("%"):
                raise ValueError("Line %d: unknown directive; the kernel knows %%install. Received: %s"
                                 % (index + 1, line.strip()))
        return "\n".join(lines), specs

    async def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False,
                         **kwargs):
        parent = self.get_parent("shell")
        try:
            swift_code, specs = self._preprocess(code)
        except ValueError as error:
            return self._error(parent, "DirectiveError", str(error), [str(error)])
        if specs:
            if self.repl is not None:
                message = ("%install must come before any Swift code of a session: a running Swift REPL cannot "
                           "link a new package. Restart the kernel (Kernel > Restart Kernel) and run this cell "
                           "first.")
                return self._error(parent, "InstallError", message, [message])
            self.install_specs += specs
        if not swift_code.strip():
            if specs:
                self._say(parent, "The packages will be built and loaded when the first Swift code runs.\n")
            return self._ok()
        if self.repl is None:
            try:
                self._start_swift(parent)
            except Exception as error:   # the cell gets the reason; the next cell tries again
                self._stop_swift()
                self.install_specs = []
                message = "Swift did not start: %s" % error
                return self._error(parent, "StartError", message, message.split("\n"))
        return self._run_cell(swift_code, parent)

    def _run_cell(self, swift_code, parent):
        location = '#sourceLocation(file: "<Cell %d>", line: 1)\n' % self.execution_count
        pump = OutputPump(self, parent)
        pump.start()
        started = time.monotonic()
        try:
            result = self.repl.evaluate(location + swift_code)
            if result.kind in ("interrupted", "runtime_error"):
                recovered = self._recover(result)
        finally:
            text = pump.stop()
        if result.kind == "value":
            # Not shown: SVG values (the plot displayed itself), a String the cell printed already, and
            # any value when the cell's code ends with ";" (IPython's convention).
            hidden = (is_svg(result.type_name) or result.type_name in ("()", "Void") or already_shown(result, text)
                      or swift_code.rstrip().endswith(";"))
            if not hidden:
                self.send_iopub("execute_result", {"execution_count": self.execution_count,
                                                   "data": {"text/plain": value_text(result)}, "metadata": {}},
                                parent)
            return self._ok()
        if result.kind == "ok":
            return self._ok()
        if result.kind == "compile_error":
            message = cell_locations(result.message.strip(), self.execution_count, swift_code.count("\n") + 1)
            lines = message.split("\n")
            first = next((line for line in lines if "error:" in line), lines[0] if lines else "")
            return self._error(parent, "CompileError", first.split("error:")[-1].strip(), lines)
        if result.kind == "exited":
            self._stop_swift()
            message = ("The Swift process ended (%s). The kernel starts a new Swift session with the next cell: "
                       "definitions from earlier cells are gone, run them again." % result.message)
            return self._error(parent, "SwiftProcessEnded", message, [message])
        # A trap or an interrupt: the process is stopped inside the cell's code.
        if result.kind == "interrupted":
            ename, headline = "Interrupted", "Interrupted by the user after %.1f s." % (time.monotonic() - started)
        else:
            ename, headline = "RuntimeError", self._trap_message(text, result.message)
        traceback = [headline] + ["  at %s" % frame for frame in result.frames]
        if recovered:
            traceback.append("The Swift session recovered: definitions from earlier cells are still there.")
        else:
            self._stop_swift()
            traceback.append("The Swift session could not recover and was ended: the next cell starts a new one "
                             "(definitions from earlier cells are gone, run them again).")
        return self._error(parent, ename, headline, traceback)

    def _recover(self, result):
        """Brings the REPL back to a state where the next cell can run, keeping its definitions.

        A trap stops the code where it failed, and unwinding it is safe. An interrupt can stop SwiftDL
        in the middle of a parallel loop whose worker threads still use the main thread's stack, so the
        evaluation first continues to the next safe point (the progress bar's update between two
        training steps; a few seconds at most) and is unwound there."""
        if result.kind == "interrupted":
            libraries = [os.path.basename(library.path)[:-3] for library in self.libraries] + ["libopenblas"]
            if self.repl.in_libraries(libraries) and not self.repl.run_to_safe_point(INTERRUPT_SECONDS):
                return False
        return self.repl.recover()

    @staticmethod
    def _trap_message(text, message):
        """The runtime's own message (Fatal error: ..., Precondition failed: ..., SwiftDL: ...) when printed."""
        lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
        for line in reversed(lines):
            for marker in ("Fatal error", "Precondition failed", "Assertion failed", "SwiftDL:"):
                if marker in line:
                    return line[line.index(marker):]
        first = message.strip().split("\n")[0]
        return first.replace("error: ", "", 1) if first else "The cell stopped with a runtime error."

    async def do_shutdown(self, restart):
        self._stop_swift()
        return {"status": "ok", "restart": restart}

    def do_is_complete(self, code):
        return {"status": "complete"}
