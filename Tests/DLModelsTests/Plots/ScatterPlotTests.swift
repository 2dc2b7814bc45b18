import DL
import XCTest

/// Scatter plots: each point where its coordinates say, coloured by label, with a legend.
final class ScatterPlotTests: XCTestCase {
    /// Points in 0...3 on both axes (nice range 0...3, step 0.5 or 1), a 460 × 400 plot area at
    /// (72, 20): x → 72 + 460 x / 3, y → 420 - 400 y / 3.
    func testPointsColoursAndLegend() throws {
        let points = Tensor([[0, 0], [1, 2], [2, 1], [3, 3]])
        let root = try PlotXML.parse(scatterPlot(points, labels: Tensor([1, 0, 1, 2])))
        let groups = PlotXML.all("g", in: root, ["class": "points"])
        XCTAssertEqual(groups.map { PlotXML.value($0, "data-label") }, ["0", "1", "2"])
        XCTAssertEqual(groups.map { PlotXML.value($0, "fill") }, ["#1f77b4", "#ff7f0e", "#2ca02c"])
        let centres = groups.map { PlotXML.all("circle", in: $0).map { PlotXML.value($0, "cx") + "," + PlotXML.value($0, "cy") } }
        XCTAssertEqual(centres, [["225.33,153.33"], ["72,420", "378.67,286.67"], ["532,20"]])
        XCTAssertEqual(PlotXML.texts("legend-entry", in: root), ["0", "1", "2"])
    }

    func testWithoutLabelsOneColourAndNoLegend() throws {
        let root = try PlotXML.parse(scatterPlot(Tensor([[0, 0], [1, 1], [.nan, 2]])))
        let groups = PlotXML.all("g", in: root, ["class": "points"])
        XCTAssertEqual(groups.count, 1)
        XCTAssertEqual(PlotXML.all("circle", in: groups[0]).count, 2, "the point that is not finite is left out")
        XCTAssertTrue(PlotXML.all("g", in: root, ["class": "legend"]).isEmpty)
        XCTAssertEqual(ScatterPlot.labelText(2), "2")
        XCTAssertEqual(ScatterPlot.labelText(0.5), "0.5")
    }

    func testAMismatchedLabelCountStops() {
        assertTraps(stderrContains: ["scatterPlot: labels must be [N] with N = 3", "Received: shape [2]"]) {
            _ = scatterPlot(Tensor.zeros([3, 2]), labels: Tensor([0, 1]))
        }
    }
}
