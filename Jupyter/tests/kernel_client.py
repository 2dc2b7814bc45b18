"""A small synchronous driver of the swiftdl kernel for the tests (jupyter_client underneath)."""

import time

from jupyter_client.manager import start_new_kernel

# The first cell of a session builds or reuses SwiftDL and starts Swift.
FIRST_CELL_SECONDS = 900
CELL_SECONDS = 300


def _sent_at(message, start):
    """When the kernel sent `message` (its header's date), in seconds after `start` (a time.time())."""
    date = message["header"].get("date")
    return date.timestamp() - start if hasattr(date, "timestamp") else time.time() - start


class Message:
    """One IOPub message of a cell with the time the kernel sent it (seconds after the request)."""

    def __init__(self, kind, content, at):
        self.kind = kind
        self.content = content
        self.at = at

    def __repr__(self):
        return "%.2fs %s %r" % (self.at, self.kind, self.content)


class Cell:
    """What one execute request produced: IOPub messages in order, the reply and when it came."""

    def __init__(self, messages, reply, reply_at):
        self.messages = messages
        self.reply = reply
        self.reply_at = reply_at

    @property
    def status(self):
        return self.reply["status"]

    @property
    def stdout(self):
        return "".join(m.content["text"] for m in self.messages if m.kind == "stream")

    @property
    def error(self):
        errors = [m.content for m in self.messages if m.kind == "error"]
        return errors[0] if errors else None

    @property
    def results(self):
        return [m.content["data"]["text/plain"] for m in self.messages if m.kind == "execute_result"]

    @property
    def displays(self):
        return [m.content["data"] for m in self.messages if m.kind == "display_data"]

    def __repr__(self):
        return "Cell(status=%s, messages=%r)" % (self.status, self.messages)


class Kernel:
    """A running swiftdl kernel."""

    def __init__(self, **start_arguments):
        self.manager, self.client = start_new_kernel(kernel_name="swiftdl", startup_timeout=120,
                                                     **start_arguments)
        self.cells = 0

    def execute(self, code, timeout=None, on_message=None):
        """Runs `code` as a cell; `on_message(message, cell_messages)` is called as messages arrive."""
        timeout = timeout or (FIRST_CELL_SECONDS if self.cells == 0 else CELL_SECONDS)
        self.cells += 1
        start = time.time()
        request = self.client.execute(code)
        messages = []
        deadline = time.monotonic() + timeout
        while True:
            message = self.client.get_iopub_msg(timeout=max(1, deadline - time.monotonic()))
            if message["parent_header"].get("msg_id") != request:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "status":
                if content["execution_state"] == "idle":
                    break
                continue
            if kind == "execute_input":
                continue
            messages.append(Message(kind, content, _sent_at(message, start)))
            if on_message is not None:
                on_message(messages[-1], messages)
        while True:
            reply = self.client.get_shell_msg(timeout=max(1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == request:
                break
        return Cell(messages, reply["content"], _sent_at(reply, start))

    def interrupt(self):
        self.manager.interrupt_kernel()

    def restart(self):
        self.manager.restart_kernel(now=False)
        self.client.wait_for_ready(timeout=120)
        self.cells = 0

    def shutdown(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)
