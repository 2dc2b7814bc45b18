import DL
import XCTest

final class ProgressBarTests: XCTestCase {
    private var now = 0.0
    private var text = ""

    private func makeBar(target: Int = 469, verbose: Int = 1, terminal: Bool) -> ProgressBar {
        now = 100
        text = ""
        return ProgressBar(target: target, verbose: verbose, isTerminal: terminal,
                           output: { [unowned self] in self.text += $0 }, clock: { [unowned self] in self.now })
    }

    private let values: [(String, Float)] = [("accuracy", 0.8123), ("loss", 0.5234)]

    func testTerminalRedrawsInPlaceAndEndsWithTheFinalLine() {
        let bar = makeBar(terminal: true)
        now = 100.5                               // first step: 0.5 s (warm-up)
        bar.update(1, values: [("accuracy", 0.5), ("loss", 1.25)])
        now = 101.5                               // 1 s for 200 more steps → 5ms/step
        bar.update(201, values: values)
        now = 102.84                              // 268 more steps at 5ms/step
        bar.update(469, values: values)
        let lines = text.components(separatedBy: "\r").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 3)
        // ETA after step 1 uses the first step's time: 468 · 0.5 s = 234 s. 1/469 of 30 is no '=' yet.
        XCTAssertEqual(lines[0], "  1/469 [..............................] - ETA: 3:54 - accuracy: 0.5000 - loss: 1.2500")
        // ETA after step 201: 268 · 5 ms = 1.34 s; 30 · 201/469 = 12.9 → 11 '=' and the head;
        // two spaces cover the end of the longer previous line.
        XCTAssertEqual(lines[1], "201/469 [===========>..................] - ETA: 1s - accuracy: 0.8123 - loss: 0.5234  ")
        XCTAssertEqual(lines[2], "469/469 [==============================] - 3s 5ms/step - accuracy: 0.8123 - loss: 0.5234\n")
    }

    func testTerminalThrottlesRedrawsButNotTheFinalOne() {
        let bar = makeBar(target: 10, terminal: true)
        now = 100.01
        bar.update(1)
        now = 100.03                              // 20 ms after the last draw: skipped
        bar.update(2)
        now = 100.07                              // 60 ms: drawn
        bar.update(3)
        now = 100.071                             // final: drawn whatever the time
        bar.update(10)
        XCTAssertEqual(text.components(separatedBy: "\r").filter { !$0.isEmpty }.count, 3)
        XCTAssertTrue(text.hasSuffix("\n"))
    }

    func testShorterLinesArePaddedOverTheLongerOne() {
        let bar = makeBar(target: 10, terminal: true)
        now = 101
        bar.update(1, values: [("loss", 123.5)])
        now = 200
        bar.update(2, values: [])
        let lines = text.components(separatedBy: "\r").filter { !$0.isEmpty }
        XCTAssertEqual(lines[1].count, lines[0].count)
    }

    func testNotATerminalPrintsOnlyTheFinalLine() {
        let bar = makeBar(target: 3, terminal: false)
        for step in 1...3 {
            now += 1
            bar.update(step, values: [("loss", 0.5)])
        }
        XCTAssertEqual(text, "3/3 [==============================] - 3s 1s/step - loss: 0.5000\n")
    }

    func testVerboseTwoPrintsOneLinePerEpoch() {
        let bar = makeBar(verbose: 2, terminal: true)
        now = 100.5
        bar.update(1, values: values)
        now = 102.84
        bar.update(469, values: values)
        XCTAssertEqual(text, "469/469 - 3s - 5ms/step - accuracy: 0.8123 - loss: 0.5234\n")
    }

    func testVerboseZeroPrintsNothing() {
        let bar = makeBar(verbose: 0, terminal: true)
        bar.update(1)
        bar.update(469, values: values)
        XCTAssertEqual(text, "")
    }

    func testLongEpochsShowMinutes() {
        let bar = makeBar(target: 2, terminal: false)
        now = 130
        bar.update(1)
        now = 165
        bar.update(2, values: [("loss", 0.25)])
        XCTAssertEqual(text, "2/2 [==============================] - 1m 05s 35s/step - loss: 0.2500\n")
    }

    func testJupyterNotebooksDrawInPlaceAndOtherOutputsAsBefore() {
        XCTAssertTrue(ProgressBar.drawsInPlace(display: "jupyter", outputIsTerminal: false))
        XCTAssertTrue(ProgressBar.drawsInPlace(display: nil, outputIsTerminal: true))
        XCTAssertFalse(ProgressBar.drawsInPlace(display: nil, outputIsTerminal: false))
        XCTAssertFalse(ProgressBar.drawsInPlace(display: "svg", outputIsTerminal: false))
        XCTAssertFalse(ProgressBar.drawsInPlace(display: "", outputIsTerminal: false))
    }

    func testTheDefaultFollowsSwiftDLDisplayJupyter() {
        let previous = getenv("SWIFTDL_DISPLAY").map { String(cString: $0) }
        defer {
            if let previous { setenv("SWIFTDL_DISPLAY", previous, 1) } else { unsetenv("SWIFTDL_DISPLAY") }
        }
        setenv("SWIFTDL_DISPLAY", "jupyter", 1)
        XCTAssertTrue(ProgressBar(target: 10, output: { _ in }).isTerminal)
        unsetenv("SWIFTDL_DISPLAY")
        XCTAssertEqual(ProgressBar(target: 10, output: { _ in }).isTerminal, isatty(STDOUT_FILENO) != 0)
    }

    func testNotebookModeRedrawsWithCarriageReturnsThrottledLikeKeras() {
        let drawsInPlace = ProgressBar.drawsInPlace(display: "jupyter", outputIsTerminal: false)
        let bar = makeBar(target: 4, terminal: drawsInPlace)
        now = 100.01
        bar.update(1, values: [("loss", 1)])      // first redraw
        now = 100.03
        bar.update(2, values: [("loss", 1)])      // 0.02 s later: under Keras's 0.05 s interval, skipped
        now = 100.10
        bar.update(3, values: [("loss", 1)])      // redrawn
        now = 100.11
        bar.update(4, values: [("loss", 1)])      // final: always drawn, ends the line
        XCTAssertEqual(text.filter { $0 == "\r" }.count, 3)
        XCTAssertEqual(text.filter { $0 == "\n" }.count, 1)
        XCTAssertTrue(text.hasPrefix("\r1/4 ["))
        XCTAssertTrue(text.contains("\r3/4 ["))
        XCTAssertFalse(text.contains("2/4"))
        XCTAssertTrue(text.hasSuffix("\n") && text.contains("\r4/4 [==============================]"))
    }
}
