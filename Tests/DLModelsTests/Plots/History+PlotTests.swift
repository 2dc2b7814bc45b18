import DL
import XCTest

/// Training curves: panels, exact points of a worked example, legend, titles, gaps, no data.
final class HistoryPlotTests: XCTestCase {
    /// A history as `fit` records it, epoch by epoch.
    private func history(_ logs: [[String: Float]]) -> History {
        let history = History()
        history.onTrainBegin(logs: [:])
        for (epoch, log) in logs.enumerated() { history.onEpochEnd(epoch, logs: log) }
        return history
    }

    /// loss 1.0, 0.5, 0.25 and val_loss 1.2, 0.8, 0.6 over 3 epochs, in a 440 × 320 panel whose
    /// plot area is x 72...422, y 34...268. x: epochs 0.92...3.08 (4% of 2 epochs each side),
    /// so epoch e is at 72 + (e - 0.92) / 2.16 × 350: 84.96, 247, 409.04. y: nice range
    /// 0.2...1.2 (step 0.2), so v is at 268 - (v - 0.2) × 234: 1.0 → 80.8, 0.5 → 197.8,
    /// 0.25 → 256.3, 1.2 → 34, 0.8 → 127.6, 0.6 → 174.4.
    func testWorkedExampleMapsEpochsAndValuesToPixels() throws {
        let svg = history([["loss": 1.0, "val_loss": 1.2, "accuracy": 0.5], ["loss": 0.5, "val_loss": 0.8, "accuracy": 0.7],
                           ["loss": 0.25, "val_loss": 0.6, "accuracy": 0.9]]).plot()
        let root = try PlotXML.parse(svg)
        XCTAssertEqual(PlotXML.value(root, "width"), "880")
        XCTAssertEqual(PlotXML.value(root, "height"), "320")
        let panels = PlotXML.all("g", in: root, ["class": "panel"])
        XCTAssertEqual(panels.map { PlotXML.value($0, "data-metric") }, ["loss", "accuracy"])
        let loss = panels[0]
        let line = { (series: String) in
            PlotXML.all("g", in: loss, ["data-series": series]).flatMap { PlotXML.all("polyline", in: $0) }.map { PlotXML.value($0, "points") }
        }
        XCTAssertEqual(line("loss"), ["84.96,80.8 247,197.8 409.04,256.3"])
        XCTAssertEqual(line("val_loss"), ["84.96,34 247,127.6 409.04,174.4"])
        let train = PlotXML.all("g", in: loss, ["data-series": "loss"])[0]
        XCTAssertEqual(PlotXML.all("circle", in: train).map { PlotXML.value($0, "cx") + "," + PlotXML.value($0, "cy") },
                       ["84.96,80.8", "247,197.8", "409.04,256.3"], "a marker at each epoch")
        XCTAssertEqual(PlotXML.texts("xtick", in: loss), ["1", "2", "3"])
        XCTAssertEqual(PlotXML.texts("ytick", in: loss), ["0.2", "0.4", "0.6", "0.8", "1.0", "1.2"])
        XCTAssertEqual(PlotXML.all("text", in: loss, ["class": "ytick"]).map { PlotXML.value($0, "y") },
                       ["272", "225.2", "178.4", "131.6", "84.8", "38"], "tick label baselines 4 px below their ticks")
        XCTAssertEqual(PlotXML.texts("title", in: loss), ["Training and validation loss"])
        XCTAssertEqual(PlotXML.texts("xlabel", in: loss), ["Epoch"])
        XCTAssertEqual(PlotXML.texts("ylabel", in: loss), ["loss"])
        XCTAssertEqual(PlotXML.texts("legend-entry", in: loss), ["Training loss", "Validation loss"])
        // The training line crosses the lower right corner: the legend goes up.
        let legendBox = PlotXML.all("rect", in: PlotXML.all("g", in: loss, ["class": "legend"])[0])[0]
        XCTAssertEqual(PlotXML.number(legendBox, "y"), 42)
        XCTAssertEqual(PlotXML.all("line", in: PlotXML.all("g", in: loss, ["class": "legend"])[0]).map { PlotXML.value($0, "stroke") },
                       ["#1f77b4", "#ff7f0e"], "training blue, validation orange")

        let accuracy = panels[1]
        XCTAssertEqual(PlotXML.texts("title", in: accuracy), ["Training accuracy"])
        XCTAssertEqual(PlotXML.texts("legend-entry", in: accuracy), ["Training accuracy"])
        // Rising accuracy crosses the upper right corner: the legend goes down (268 - 26 - 8 = 234).
        let accuracyLegend = PlotXML.all("rect", in: PlotXML.all("g", in: accuracy, ["class": "legend"])[0])[0]
        XCTAssertEqual(PlotXML.number(accuracyLegend, "y"), 234)
        // The second panel starts 440 px to the right: epoch 1 at 440 + 84.96.
        let accuracyLine = PlotXML.all("polyline", in: accuracy).map { PlotXML.value($0, "points") }
        XCTAssertEqual(accuracyLine.first?.split(separator: " ").first.map(String.init), "524.96,268")
    }

    func testMetricsPicksPanelsInTheGivenOrder() throws {
        let recorded = history([["loss": 1, "accuracy": 0.5, "val_accuracy": 0.4], ["loss": 0.5, "accuracy": 0.6, "val_accuracy": 0.5]])
        XCTAssertEqual(TrainingCurves.metricNames(recorded.history), ["loss", "accuracy"])
        let root = try PlotXML.parse(recorded.plot(metrics: ["accuracy"]))
        XCTAssertEqual(PlotXML.all("g", in: root, ["class": "panel"]).map { PlotXML.value($0, "data-metric") }, ["accuracy"])
        XCTAssertEqual(PlotXML.value(root, "width"), "440")
        XCTAssertEqual(PlotXML.texts("legend-entry", in: root), ["Training accuracy", "Validation accuracy"])
        let four = TrainingCurves.metricNames(["b": [1], "loss": [1], "val_a": [1], "val_loss": [1]])
        XCTAssertEqual(four, ["loss", "a", "b"], "loss first, then by name; a val_ key alone counts")
    }

    func testValuesThatAreNotFiniteBreakTheLine() throws {
        let root = try PlotXML.parse(history([["loss": 1], ["loss": .nan], ["loss": 0.5], ["loss": 0.25]]).plot())
        let runs = PlotXML.all("polyline", in: root).map { PlotXML.value($0, "points").split(separator: " ").count }
        XCTAssertEqual(runs, [1, 2])
    }

    func testManyMetricsWrapToRowsOfThree() throws {
        let keys = ["loss", "a", "b", "c"]
        let root = try PlotXML.parse(history([Dictionary(uniqueKeysWithValues: keys.map { ($0, Float(1)) })]).plot())
        XCTAssertEqual(PlotXML.value(root, "width"), "1320")
        XCTAssertEqual(PlotXML.value(root, "height"), "640")
    }

    func testAnEmptyHistorySaysSo() throws {
        let root = try PlotXML.parse(History().plot())
        XCTAssertEqual(PlotXML.texts("message", in: root), ["No training history to plot: History.plot() draws the epochs recorded by fit."])
        XCTAssertEqual(PlotXML.all("g", in: root, ["class": "panel"]).count, 0)
    }

    func testMetricNamesAreEscaped() throws {
        let root = try PlotXML.parse(history([["a<b&\"c\"": 1], ["a<b&\"c\"": 2]]).plot())
        XCTAssertEqual(PlotXML.texts("title", in: root), ["Training a<b&\"c\""])
    }

    func testAnUnknownMetricStopsWithTheNamesAvailable() {
        assertTraps(stderrContains: ["History.plot(metrics:): unknown metric 'acc'", "loss, accuracy", "Received: metrics [\"acc\"]"]) {
            _ = self.history([["loss": 1, "accuracy": 0.5]]).plot(metrics: ["acc"])
        }
    }
}
