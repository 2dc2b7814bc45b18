"""`python -m swiftdl_kernel -f <connection file>`: the kernel process Jupyter starts."""

import signal
import sys

# SIGINT (the notebook's interrupt button) is blocked in every thread, the ones Jupyter starts later
# included; the kernel's own thread waits for it and interrupts the Swift process.
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGINT])

from ipykernel.kernelapp import IPKernelApp  # noqa: E402

from .kernel import SwiftDLKernel  # noqa: E402

if __name__ == "__main__":
    IPKernelApp.launch_instance(kernel_class=SwiftDLKernel)
