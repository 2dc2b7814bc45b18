"""The Swift REPL process under LLDB (the way Google's swift-jupyter drove it).

`repl_swift` is launched under LLDB's Python API, stopped at `repl_main`, and code is evaluated in REPL
mode with Swift as the language: declarations persist between evaluations, `print` writes to the
process's standard output (a pseudo-terminal read through `process.GetSTDOUT`). A runtime trap or an
interrupt leaves the process stopped inside the expression; `recover()` unwinds it back to
`repl_main`, which keeps every definition made so far.
"""

import os
import re
import threading

import lldb


class Result:
    """What one evaluation did. `kind` is one of:

    - "value": an expression's value (`name`, `type_name`, `description` as the REPL shows it);
    - "ok": code without a value (declarations, statements);
    - "compile_error": the code did not compile (`message`: the compiler's diagnostics);
    - "runtime_error": a trap or crash stopped it (`message`: LLDB's stop description, `frames`: the
      cell's frames, innermost first);
    - "interrupted": `interrupt()` stopped it;
    - "exited": the process is gone (`message` says how).
    """

    def __init__(self, kind, message="", name="", type_name="", description="", frames=()):
        self.kind = kind
        self.message = message
        self.name = name
        self.type_name = type_name
        self.description = description
        self.frames = list(frames)

    def __repr__(self):
        return "Result(%s, %r)" % (self.kind, self.message or self.description)


class SwiftREPL:
    """One `repl_swift` process under LLDB."""

    def __init__(self, toolchain, module_search_paths=(), clang_flags=(), environment=None, cwd=None):
        self.toolchain = toolchain
        self.module_search_paths = list(module_search_paths)
        self.clang_flags = list(clang_flags)
        self.environment = dict(os.environ if environment is None else environment)
        self.cwd = cwd or os.getcwd()
        self.debugger = None
        self.target = None
        self.process = None
        self.interrupt_requested = False
        self.evaluating = False
        self.safe_points = []

    def start(self):
        """Launches `repl_swift` and stops it at `repl_main`, ready to evaluate."""
        debugger = lldb.SBDebugger.Create()
        if not debugger:
            raise RuntimeError("LLDB could not create a debugger")
        debugger.SetAsync(False)
        debugger.SetScriptLanguage(lldb.eScriptLanguageNone)
        for path in self.module_search_paths:
            self._command(debugger, "settings append target.swift-module-search-paths %s" % path)
        if self.clang_flags:
            flags = " ".join(self.clang_flags).replace('"', '\\"')
            self._command(debugger, 'settings set -- target.swift-extra-clang-flags "%s"' % flags)
        repl_swift = os.path.join(self.toolchain, "bin", "repl_swift")
        target = debugger.CreateTarget(repl_swift)
        if not target:
            raise RuntimeError("LLDB could not create a target for %s" % repl_swift)
        breakpoint = target.BreakpointCreateByName("repl_main", target.GetExecutable().GetFilename())
        if not breakpoint or breakpoint.GetNumLocations() == 0:
            raise RuntimeError("No repl_main in %s" % repl_swift)
        # Disabling ASLR uses the personality system call, which containers often forbid.
        info = target.GetLaunchInfo()
        info.SetLaunchFlags(info.GetLaunchFlags() & ~lldb.eLaunchFlagDisableASLR)
        target.SetLaunchInfo(info)
        environment = ["%s=%s" % item for item in sorted(self.environment.items())]
        process = target.LaunchSimple(None, environment, self.cwd)
        self.debugger, self.target, self.process = debugger, target, process   # kill() ends what started
        if not process or process.GetState() != lldb.eStateStopped:
            raise RuntimeError("repl_swift did not start (state %s)" % (process.GetState() if process else None))
        self._disable_exclusivity_checking()
        self.options = lldb.SBExpressionOptions()
        self.options.SetLanguage(lldb.SBLanguageRuntime.GetLanguageTypeFromString("swift"))
        self.options.SetREPLMode(True)
        self.options.SetUnwindOnError(False)
        self.options.SetGenerateDebugInfo(True)
        self.options.SetTimeoutInMicroSeconds(0)   # cells may run for hours

    def _disable_exclusivity_checking(self):
        """Turns off the Swift runtime's dynamic exclusivity checks in the REPL process.

        They keep a list of the accesses in progress in records on the stack; unwinding a trapped cell
        leaves that list pointing into dead stack frames, and every later access to a global (an
        `append` to an array made in an earlier cell) then fails with a false "simultaneous accesses"
        error or a crash. Compile-time exclusivity checks still apply."""
        error = lldb.SBError()
        for context in self.target.FindSymbols("_swift_disableExclusivityChecking"):
            address = context.GetSymbol().GetStartAddress().GetLoadAddress(self.target)
            if address != lldb.LLDB_INVALID_ADDRESS:
                self.process.WriteMemory(address, b"\x01", error)
                if error.Success():
                    return True
        return False

    @staticmethod
    def _command(debugger, command):
        result = lldb.SBCommandReturnObject()
        debugger.GetCommandInterpreter().HandleCommand(command, result)
        if not result.Succeeded():
            raise RuntimeError("LLDB command failed: %s: %s" % (command, result.GetError()))

    @property
    def alive(self):
        return self.process is not None and self.process.GetState() not in (
            lldb.eStateExited, lldb.eStateDetached, lldb.eStateCrashed, lldb.eStateInvalid)

    def evaluate(self, code):
        """Evaluates `code` (blocking) and returns a `Result`."""
        self.interrupt_requested = False
        self.evaluating = True
        try:
            value = self.target.EvaluateExpression(code, self.options)
        finally:
            self.evaluating = False
        if not self.alive:
            return Result("exited", message=self._exit_description())
        error = value.GetError()
        if error.GetType() == lldb.eErrorTypeInvalid:
            stream = lldb.SBStream()
            value.GetDescription(stream)
            return Result("value", name=value.GetName() or "", type_name=value.GetDisplayTypeName() or
                          value.GetTypeName() or "", description=stream.GetData() or "")
        if error.GetType() == lldb.eErrorTypeGeneric:
            # REPL mode reports code without a value as a generic "unknown error".
            return Result("ok")
        message = error.GetCString() or ""
        if self.interrupt_requested:
            return Result("interrupted", message=message, frames=self.cell_frames())
        if "Expression execution was interrupted" in message or not self._at_repl_main():
            return Result("runtime_error", message=message, frames=self.cell_frames())
        return Result("compile_error", message=message)

    def _exit_description(self):
        if self.process is None:
            return "the process is gone"
        status = self.process.GetExitStatus()
        description = self.process.GetExitDescription()
        return "exit status %d%s" % (status, ": " + description if description else "")

    def _at_repl_main(self):
        """Whether the main thread is back at `repl_main` (between evaluations)."""
        thread = self.process.GetThreadAtIndex(0)
        if not thread or thread.GetNumFrames() == 0:
            return False
        frame = thread.GetFrameAtIndex(0)
        return (frame.GetDisplayFunctionName() or frame.GetFunctionName() or "").split(".")[-1].startswith("repl_main")

    def cell_frames(self):
        """The stopped main thread's frames that are in cell code, innermost first: "function at file:line"."""
        thread = self.process.GetThreadAtIndex(0)
        frames = []
        for frame in thread:
            entry = frame.GetLineEntry()
            name = entry.GetFileSpec().GetFilename() if entry.IsValid() else None
            if not name or not name.startswith("<Cell "):
                continue
            function = frame.GetDisplayFunctionName() or frame.GetFunctionName() or "?"
            frames.append("%s at %s:%d" % (function, name, entry.GetLine()))
        return frames

    def add_safe_point(self, function_regex, module):
        """A place where an interrupted evaluation can be stopped safely: a (disabled) breakpoint on
        the functions matching `function_regex` in `module` (SwiftDL's ProgressBar.update, called on
        the main thread between training steps, when no worker thread is running a parallel loop
        whose closure lives on the main thread's stack)."""
        breakpoint = self.target.BreakpointCreateByRegex(function_regex, module)
        if breakpoint and breakpoint.GetNumLocations() > 0:
            breakpoint.SetEnabled(False)
            self.safe_points.append(breakpoint)
            return True
        if breakpoint:
            self.target.BreakpointDelete(breakpoint.GetID())
        return False

    def in_libraries(self, names):
        """Whether the stopped main thread is inside one of the libraries whose file names start with `names`."""
        thread = self.process.GetThreadAtIndex(0)
        for frame in thread:
            module = frame.GetModule().GetFileSpec().GetFilename() or ""
            if module.startswith(tuple(names)):
                return True
        return False

    def run_to_safe_point(self, seconds):
        """After an interrupt inside a library: continues the evaluation to the next safe point (or to its
        end), at most `seconds`. True when it stopped there or ended; False otherwise (the process is
        stopped again wherever it was after `seconds`)."""
        if not self.safe_points or not self.alive:
            return False
        for breakpoint in self.safe_points:
            breakpoint.SetEnabled(True)
        timer = threading.Timer(seconds, self.process.SendAsyncInterrupt)
        timer.start()
        try:
            self.process.Continue()    # synchronous: returns at the next stop
        finally:
            timer.cancel()
            for breakpoint in self.safe_points:
                breakpoint.SetEnabled(False)
        if not self.alive:
            return False
        thread = self.process.GetThreadAtIndex(0)
        if thread.GetStopReason() == lldb.eStopReasonBreakpoint:
            ids = {thread.GetStopReasonDataAtIndex(index) for index in range(0, thread.GetStopReasonDataCount(), 2)}
            return any(breakpoint.GetID() in ids for breakpoint in self.safe_points)
        return self._at_repl_main()

    def recover(self):
        """Unwinds a stopped expression back to `repl_main`; False when that is not possible."""
        if not self.alive:
            return False
        thread = self.process.GetThreadAtIndex(0)
        for _ in range(8):
            if self._at_repl_main():
                return True
            error = thread.UnwindInnermostExpression()
            if not error.Success():
                return False
        return self._at_repl_main()

    def read_output(self, size=65536):
        """Everything the process has written to standard output (and error) since the last read."""
        if self.process is None:
            return ""
        chunks = []
        while True:
            chunk = self.process.GetSTDOUT(size)
            if not chunk:
                break
            chunks.append(chunk)
        return "".join(chunks)

    def interrupt(self):
        """Stops a running evaluation (from another thread); `evaluate` then returns "interrupted"."""
        if self.process is not None and self.evaluating:
            self.interrupt_requested = True
            self.process.SendAsyncInterrupt()

    def kill(self):
        """Ends the process and the debugger."""
        if self.process is not None:
            try:
                self.process.Kill()
            except Exception:
                pass
        if self.debugger is not None:
            lldb.SBDebugger.Destroy(self.debugger)
        self.process = self.target = self.debugger = None


# Longer value descriptions (a model, a History) are cut after this many lines.
MAX_VALUE_LINES = 30


def value_text(result):
    """A value as the Swift REPL shows it: `$R0: Int = 4` (LLDB describes it as `(Int) $R0 = 4`)."""
    description = result.description.rstrip("\n")
    prefix = "(%s) %s = " % (result.type_name, result.name)
    if description.startswith(prefix):
        description = "%s: %s = %s" % (result.name, result.type_name, description[len(prefix):])
    # A class instance (a model, a History) as its type and address, as Python shows objects.
    match = re.match(r"^(\S+: .+ = 0x[0-9a-f]+) \{\n", description)
    if match:
        return match.group(1)
    lines = description.split("\n")
    if len(lines) > MAX_VALUE_LINES:
        lines = lines[:MAX_VALUE_LINES] + ["... (%d more lines)" % (len(lines) - MAX_VALUE_LINES)]
    return "\n".join(lines)


def already_shown(result, printed):
    """Whether a String value is what the cell already printed (`model.summary()` prints its table and
    returns it): its first line is among the cell's output lines."""
    if result.type_name not in ("String", "Swift.String") or not printed:
        return False
    match = re.search(r'= "(.*?)(\\n|"\n?$)', result.description)
    if match is None:
        return False
    first = match.group(1).replace('\\"', '"').replace("\\\\", "\\").strip()
    return bool(first) and first in [line.strip() for line in printed.replace("\r", "\n").split("\n")]


def is_svg(type_name):
    """Whether a value's type is SwiftDL's `SVG` (displayed by the plot call itself, so not printed)."""
    return re.sub(r"^.*\.", "", type_name.strip()) == "SVG"
