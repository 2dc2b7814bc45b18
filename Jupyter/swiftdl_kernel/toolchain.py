"""Finding what the kernel needs: the Swift toolchain, LLDB's Python module and a Python 3.10.

Used by the installer (Jupyter/install.py, `make jupyter`), which writes what it found into the kernel
spec's environment, and by the kernel itself. Every `find_*` function returns a path, or raises
`Missing` with a message that names what is missing and every place it looked.
"""

import glob
import os
import shutil
import subprocess
import sys

# The toolchain's LLDB Python module is built for this Python version.
PYTHON_VERSION = "3.10"


class Missing(Exception):
    """Something the kernel needs is not installed; the message says what and where it looked."""


def find_toolchain():
    """The toolchain's `usr` folder (holding bin/swift, bin/repl_swift and lib/swift/linux).

    Looks at $SWIFT_TOOLCHAIN (a toolchain's `usr` folder or its parent), then at `which swift`
    (symbolic links resolved), then at /opt/swift/usr and /usr.
    """
    candidates = []
    if os.environ.get("SWIFT_TOOLCHAIN"):
        root = os.environ["SWIFT_TOOLCHAIN"]
        candidates += [root, os.path.join(root, "usr")]
    swift = shutil.which("swift")
    if swift:
        candidates.append(os.path.dirname(os.path.dirname(os.path.realpath(swift))))
    candidates += ["/opt/swift/usr", "/usr"]
    for usr in candidates:
        if os.path.isfile(os.path.join(usr, "bin", "swift")) and os.path.isfile(os.path.join(usr, "bin", "repl_swift")):
            return os.path.realpath(usr)
    raise Missing(
        "No Swift toolchain with repl_swift found. Looked for <usr>/bin/swift and <usr>/bin/repl_swift in: "
        + ", ".join(candidates)
        + ". Install Swift 6 from swift.org (with LLDB) and put its usr/bin on PATH, or set SWIFT_TOOLCHAIN.")


def find_lldb_python(toolchain):
    """The folder holding the toolchain's `lldb` Python package (built for Python 3.10)."""
    patterns = [
        os.path.join(toolchain, "local", "lib", "python%s" % PYTHON_VERSION, "dist-packages"),
        os.path.join(toolchain, "lib", "python%s" % PYTHON_VERSION, "site-packages"),
        os.path.join(toolchain, "lib", "python%s" % PYTHON_VERSION, "dist-packages"),
    ]
    for folder in patterns:
        if os.path.isfile(os.path.join(folder, "lldb", "__init__.py")):
            return folder
    others = sorted(glob.glob(os.path.join(toolchain, "**", "lldb", "__init__.py"), recursive=True))
    found = (" Found LLDB Python modules for other Python versions (the kernel needs %s): %s."
             % (PYTHON_VERSION, ", ".join(os.path.dirname(os.path.dirname(p)) for p in others))) if others else ""
    raise Missing("LLDB's Python module for Python %s is missing from the toolchain. Looked for lldb/__init__.py in: %s.%s"
                  % (PYTHON_VERSION, ", ".join(patterns), found))


def _pyenv_prefixes():
    prefixes = []
    try:
        out = subprocess.run(["pyenv", "prefix", PYTHON_VERSION], capture_output=True, text=True, timeout=20)
        if out.returncode == 0:
            prefixes += [line.strip() for line in out.stdout.splitlines() if line.strip()]
    except (OSError, subprocess.SubprocessError):
        pass
    roots = []
    try:
        out = subprocess.run(["pyenv", "root"], capture_output=True, text=True, timeout=20)
        if out.returncode == 0 and out.stdout.strip():
            roots.append(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    roots += [os.environ.get("PYENV_ROOT", ""), os.path.expanduser("~/.pyenv")]
    for root in roots:
        if root:
            prefixes += sorted(glob.glob(os.path.join(root, "versions", PYTHON_VERSION + ".*")), reverse=True)
    return prefixes


def find_python():
    """(python executable, its lib folder holding libpython3.10.so) for a Python 3.10.

    Looks at $SWIFTDL_PYTHON (an interpreter), pyenv (`pyenv prefix 3.10`, `pyenv root`/versions/3.10.*),
    then /usr/local and /usr (python3.10 with its libpython3.10 shared library).
    """
    looked = []
    candidates = []
    if os.environ.get("SWIFTDL_PYTHON"):
        exe = os.environ["SWIFTDL_PYTHON"]
        candidates.append(os.path.dirname(os.path.dirname(os.path.realpath(exe))))
    candidates += _pyenv_prefixes() + ["/usr/local", "/usr"]
    seen = set()
    for prefix in candidates:
        if prefix in seen:
            continue
        seen.add(prefix)
        exe = os.path.join(prefix, "bin", "python" + PYTHON_VERSION)
        libs = [os.path.join(prefix, "lib"), os.path.join(prefix, "lib", "x86_64-linux-gnu"),
                os.path.join(prefix, "lib", "aarch64-linux-gnu")]
        looked.append(prefix)
        if not os.path.isfile(exe):
            continue
        for lib in libs:
            if glob.glob(os.path.join(lib, "libpython%s.so*" % PYTHON_VERSION)):
                return exe, lib
    pyenv = shutil.which("pyenv")
    looked.append("pyenv's versions/%s.* (%s)" % (PYTHON_VERSION, "pyenv at " + pyenv if pyenv else
                                                     "no pyenv on PATH, nor in $PYENV_ROOT or ~/.pyenv"))
    raise Missing("No Python %s with its shared library libpython%s.so found (LLDB's Python module in the toolchain "
                  "is built for it). Looked for bin/python%s and lib/libpython%s.so* under: %s. Install it with "
                  "pyenv (`env PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install 3.10`) or set SWIFTDL_PYTHON."
                  % (PYTHON_VERSION, PYTHON_VERSION, PYTHON_VERSION, PYTHON_VERSION, ", ".join(looked)))


def library_path(python_lib, toolchain):
    """LD_LIBRARY_PATH for the kernel: libpython first, then the toolchain's library folders."""
    folders = [python_lib,
               os.path.join(toolchain, "lib", "swift", "linux"),
               os.path.join(toolchain, "lib", "swift", "host", "compiler"),
               os.path.join(toolchain, "lib")]
    return ":".join(folders)


if __name__ == "__main__":
    # `python3 toolchain.py` (any Python 3) prints what it finds, one "what path..." line each, or says
    # what is missing and where it looked (exit status 1). Used by Jupyter/setup.sh and Jupyter/test.sh.
    try:
        usr = find_toolchain()
        lldb_folder = find_lldb_python(usr)
        python, python_lib = find_python()
    except Missing as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    print("toolchain", usr)
    print("lldb", lldb_folder)
    print("python", python, python_lib)
