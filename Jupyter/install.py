"""Registers the `swiftdl` Jupyter kernel ("Swift (SwiftDL)") for the Python running this script.

Run by `make jupyter` with Jupyter/.venv/bin/python (a Python 3.10 virtual environment with ipykernel).
It finds the Swift toolchain, LLDB's Python module and libpython 3.10, writes the kernel spec into the
environment's share/jupyter/kernels/swiftdl (and, with --user, into the user's Jupyter folder too),
and prints how to start Jupyter. With --check it only says what it finds (exit status 1 when something
is missing).
"""

import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from swiftdl_kernel import toolchain  # noqa: E402


def kernel_spec(python, root):
    usr = toolchain.find_toolchain()
    lldb_folder = toolchain.find_lldb_python(usr)
    _, python_lib = toolchain.find_python()
    return {
        "argv": [python, "-m", "swiftdl_kernel", "-f", "{connection_file}"],
        "display_name": "Swift (SwiftDL)",
        "language": "swift",
        "interrupt_mode": "signal",
        "env": {
            "LD_LIBRARY_PATH": toolchain.library_path(python_lib, usr),
            "PYTHONPATH": os.pathsep.join([lldb_folder, HERE]),
            "SWIFTDL_ROOT": root,
            "SWIFTDL_TOOLCHAIN": usr,
            # Jupyter substitutes ${PATH} with the server's PATH when it starts the kernel.
            "PATH": os.path.join(usr, "bin") + os.pathsep + "${PATH}",
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only say what is found or missing")
    parser.add_argument("--user", action="store_true", help="also register the kernel for the user's Jupyter")
    arguments = parser.parse_args()
    root = os.path.dirname(HERE)
    try:
        spec = kernel_spec(sys.executable, root)
    except toolchain.Missing as error:
        print("SwiftDL Jupyter kernel: %s" % error, file=sys.stderr)
        return 1
    if sys.version_info[:2] != (3, 10):
        print("SwiftDL Jupyter kernel: this Python is %d.%d; LLDB's Python module needs 3.10 (%s)."
              % (sys.version_info[0], sys.version_info[1], sys.executable), file=sys.stderr)
        return 1
    if arguments.check:
        print("toolchain %s\nLLDB + libpython: %s" % (spec["env"]["SWIFTDL_TOOLCHAIN"], spec["env"]["PYTHONPATH"]))
        return 0
    from jupyter_client.kernelspec import KernelSpecManager
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "kernel.json"), "w") as file:
            json.dump(spec, file, indent=2)
        manager = KernelSpecManager()
        installed = [manager.install_kernel_spec(folder, "swiftdl", prefix=sys.prefix)]
        if arguments.user:
            installed.append(manager.install_kernel_spec(folder, "swiftdl", user=True))
    for path in installed:
        print("Installed the kernel spec swiftdl (\"Swift (SwiftDL)\") in %s" % path)
    bin_folder = os.path.dirname(sys.executable)
    server = "lab" if os.path.exists(os.path.join(bin_folder, "jupyter-lab")) else "notebook"
    jupyter, notebooks = os.path.join(bin_folder, "jupyter"), os.path.join(root, "Notebooks")
    if os.path.realpath(os.getcwd()) == os.path.realpath(root):
        jupyter, notebooks = os.path.relpath(jupyter, root), "Notebooks"
    root_option = " --allow-root" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    print("\nStart Jupyter with:\n\n    %s %s --notebook-dir=%s%s\n\nthen open the address it prints, pick the "
          "\"Swift (SwiftDL)\" kernel and write `import DL` in a cell." % (jupyter, server, notebooks, root_option))
    return 0


if __name__ == "__main__":
    sys.exit(main())
