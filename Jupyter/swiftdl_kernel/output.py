"""Turning the Swift process's output into Jupyter messages.

The REPL process writes to a pseudo-terminal, which turns every "\\n" into "\\r\\n"; the decoder turns
them back (a lone "\\r", as the progress bar writes to redraw its line, stays). SwiftDL's display
channel writes records

    "\\x1eSWIFTDL-DISPLAY " + mime type + " " + base64(payload) + "\\x1e\\n"

(Sources/DLModels/Plots): the decoder removes them from the text and returns them as displays. Text and
records may arrive split anywhere across reads, so what may be the start of an unfinished record or of
a "\\r\\n" is held back until the next read or `finish()`.
"""

import base64
import binascii

MARK = "\x1eSWIFTDL-DISPLAY "
END = "\x1e"


class Text:
    """Plain output text."""
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return "Text(%r)" % self.text


class Display:
    """A display record: `data` is a Jupyter mime bundle (SVG as text, other types as base64)."""
    def __init__(self, mime, data):
        self.mime = mime
        self.data = data

    def __repr__(self):
        return "Display(%r, %d characters)" % (self.mime, len(self.data[self.mime]))


def _record(body):
    """The mime bundle for a record's body "mime base64", or None when it is malformed."""
    mime, _, payload = body.partition(" ")
    if not mime or "/" not in mime:
        return None
    payload = payload.strip()
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None
    if mime == "image/svg+xml" or mime.startswith("text/") or mime.endswith("+json") or mime.endswith("/json"):
        try:
            return mime, {mime: raw.decode("utf-8")}
        except UnicodeDecodeError:
            return None
    return mime, {mime: payload}


class OutputDecoder:
    """Feeds on raw output chunks; returns lists of `Text` and `Display` in order."""

    def __init__(self):
        self._pending = ""
        self._skip_newline = False

    def feed(self, chunk):
        """Events for `chunk` (plus what was held back), holding back an unfinished tail."""
        return self._decode(self._pending + chunk, final=False)

    def finish(self):
        """Events for everything held back (an unfinished record is passed on as text)."""
        return self._decode(self._pending, final=True)

    def _decode(self, text, final):
        self._pending = ""
        events = []
        if self._skip_newline and text:
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            elif text == "\r" and not final:
                self._pending = text
                return events
            self._skip_newline = False
        while text:
            start = text.find(MARK)
            if start < 0:
                keep = 0 if final else self._unfinished_tail(text)
                self._emit(events, text[:len(text) - keep])
                self._pending = text[len(text) - keep:]
                break
            end = text.find(END, start + len(MARK))
            if end < 0:
                if final:
                    self._emit(events, text)
                else:
                    self._emit(events, text[:start])
                    self._pending = text[start:]
                break
            self._emit(events, text[:start])
            record = _record(text[start + len(MARK):end])
            if record is None:
                self._emit(events, text[start:end + 1])
                text = text[end + 1:]
                continue
            events.append(Display(*record))
            text = text[end + 1:]
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            elif text in ("", "\r"):
                self._skip_newline = True
                if text == "\r" and not final:
                    self._pending = text
                    break
                text = ""
        return events

    @staticmethod
    def _unfinished_tail(text):
        """How many characters at the end may begin a record or a "\\r\\n"."""
        start = text.rfind(END, max(0, len(text) - len(MARK)))
        if start >= 0 and MARK.startswith(text[start:]):
            return len(text) - start
        return 1 if text.endswith("\r") else 0

    @staticmethod
    def _emit(events, text):
        text = text.replace("\r\n", "\n")
        if not text:
            return
        if events and isinstance(events[-1], Text):
            events[-1].text += text
        else:
            events.append(Text(text))
