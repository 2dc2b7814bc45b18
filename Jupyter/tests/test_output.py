"""The output decoder: pseudo-terminal line ends and SwiftDL display records split anywhere."""

import base64
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from swiftdl_kernel.output import Display, OutputDecoder, Text  # noqa: E402

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>é</text></svg>'


def record(mime, payload):
    return "\x1eSWIFTDL-DISPLAY %s %s\x1e\r\n" % (mime, base64.b64encode(payload).decode())


def decode(chunks):
    decoder = OutputDecoder()
    events = []
    for chunk in chunks:
        events += decoder.feed(chunk)
    events += decoder.finish()
    return events


def summary(events):
    """Text events joined (a split may cut text anywhere), displays as (mime, data)."""
    out = []
    for event in events:
        if isinstance(event, Text):
            if out and isinstance(out[-1], str):
                out[-1] += event.text
            else:
                out.append(event.text)
        else:
            out.append((event.mime, event.data[event.mime]))
    return out


class OutputDecoderTests(unittest.TestCase):
    def test_terminal_line_ends_become_newlines_and_carriage_returns_stay(self):
        events = decode(["Epoch 1/3\r\n\r 1/4 [===", ">....]\r 4/4 [=====] - loss: 0.5\r\n"])
        self.assertEqual(summary(events), ["Epoch 1/3\n\r 1/4 [===>....]\r 4/4 [=====] - loss: 0.5\n"])

    def test_a_line_end_split_between_reads(self):
        self.assertEqual(summary(decode(["a\r", "\nb\r", "c\r\n"])), ["a\nb\rc\n"])

    def test_a_display_record_becomes_a_display_between_the_texts(self):
        events = decode(["before\r\n" + record("image/svg+xml", SVG.encode()) + "after\r\n"])
        self.assertEqual(summary(events), ["before\n", ("image/svg+xml", SVG), "after\n"])
        self.assertIsInstance(events[1], Display)

    def test_records_split_at_every_position(self):
        stream = "x\r\n" + record("image/svg+xml", SVG.encode()) + record("image/png", b"\x89PNG..") + "y"
        expected = ["x\n", ("image/svg+xml", SVG), ("image/png", base64.b64encode(b"\x89PNG..").decode()), "y"]
        for cut in range(1, len(stream)):
            for second in (cut + 1, cut + 7):
                chunks = [stream[:cut], stream[cut:second], stream[second:]]
                self.assertEqual(summary(decode(chunks)), expected, "cut at %d, %d" % (cut, second))

    def test_an_unfinished_record_is_text_at_the_end(self):
        events = decode(["ok\r\n\x1eSWIFTDL-DISPLAY image/svg+xml PHN2Zz4"])
        self.assertEqual(summary(events), ["ok\n\x1eSWIFTDL-DISPLAY image/svg+xml PHN2Zz4"])

    def test_a_malformed_record_stays_text(self):
        events = decode(["\x1eSWIFTDL-DISPLAY image/svg+xml not*base64\x1e\r\n"])
        self.assertEqual(summary(events), ["\x1eSWIFTDL-DISPLAY image/svg+xml not*base64\x1e\n"])

    def test_a_lone_record_separator_that_is_not_a_record_is_passed_on(self):
        self.assertEqual(summary(decode(["a\x1e", "b"])), ["a\x1eb"])


if __name__ == "__main__":
    unittest.main()
