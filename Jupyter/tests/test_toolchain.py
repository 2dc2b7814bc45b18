"""Finding the toolchain, LLDB's Python module and Python 3.10, and the messages when one is missing."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from swiftdl_kernel import toolchain  # noqa: E402


class ToolchainTests(unittest.TestCase):
    def test_a_missing_lldb_module_names_the_folders_searched(self):
        with tempfile.TemporaryDirectory() as usr:
            with self.assertRaises(toolchain.Missing) as caught:
                toolchain.find_lldb_python(usr)
            message = str(caught.exception)
            self.assertIn("LLDB's Python module for Python 3.10 is missing", message)
            self.assertIn(os.path.join(usr, "local", "lib", "python3.10", "dist-packages"), message)
            # One built for another Python is named as such.
            other = os.path.join(usr, "lib", "python3.11", "site-packages", "lldb")
            os.makedirs(other)
            open(os.path.join(other, "__init__.py"), "w").close()
            with self.assertRaises(toolchain.Missing) as caught:
                toolchain.find_lldb_python(usr)
            self.assertIn("other Python versions", str(caught.exception))
            self.assertIn("python3.11", str(caught.exception))

    def test_the_lldb_module_is_found_in_a_toolchain_layout(self):
        with tempfile.TemporaryDirectory() as usr:
            folder = os.path.join(usr, "local", "lib", "python3.10", "dist-packages")
            os.makedirs(os.path.join(folder, "lldb"))
            open(os.path.join(folder, "lldb", "__init__.py"), "w").close()
            self.assertEqual(toolchain.find_lldb_python(usr), folder)

    def test_library_path_puts_libpython_first_then_the_toolchain(self):
        self.assertEqual(toolchain.library_path("/py/lib", "/opt/swift/usr").split(":"),
                         ["/py/lib", "/opt/swift/usr/lib/swift/linux", "/opt/swift/usr/lib/swift/host/compiler",
                          "/opt/swift/usr/lib"])

    def test_this_machine_has_what_the_kernel_needs(self):
        usr = toolchain.find_toolchain()
        self.assertTrue(os.path.isfile(os.path.join(usr, "bin", "repl_swift")))
        self.assertTrue(os.path.isfile(os.path.join(toolchain.find_lldb_python(usr), "lldb", "__init__.py")))
        python, lib = toolchain.find_python()
        self.assertTrue(os.path.basename(python).startswith("python3.10"))
        self.assertTrue(any(name.startswith("libpython3.10.so") for name in os.listdir(lib)))


if __name__ == "__main__":
    unittest.main()
