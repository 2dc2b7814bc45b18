import DL
import XCTest

/// Confusion matrices: one cell per entry with its count and colour, names on both axes.
final class ConfusionMatrixPlotTests: XCTestCase {
    func testCellsCountsAndNames() throws {
        let root = try PlotXML.parse(confusionMatrixPlot(Tensor([[5, 1], [2, 7]]), classNames: ["cat", "<dog>"]))
        let cells = PlotXML.all("rect", in: root, ["class": "cell"])
        XCTAssertEqual(cells.map { PlotXML.value($0, "data-row") + PlotXML.value($0, "data-column") }, ["00", "01", "10", "11"])
        XCTAssertEqual(PlotXML.texts("count", in: root), ["5", "1", "2", "7"])
        // Blues from the smallest (1: white-blue) to the largest (7: dark blue); 5 is (5 - 1) / 6 of the way.
        XCTAssertEqual(cells.map { PlotXML.value($0, "fill") }, [Palette.blues(4.0 / 6), "#f7fbff", Palette.blues(1.0 / 6), "#08306b"])
        XCTAssertEqual(PlotXML.all("text", in: root, ["class": "count"]).map { PlotXML.value($0, "fill") },
                       ["white", "#08306b", "#08306b", "white"], "light text on dark cells")
        XCTAssertEqual(PlotXML.texts("true-name", in: root), ["cat", "<dog>"])
        XCTAssertEqual(PlotXML.texts("predicted-name", in: root), ["cat", "<dog>"])
        XCTAssertEqual(PlotXML.texts("ylabel", in: root), ["True label"])
        XCTAssertEqual(PlotXML.texts("xlabel", in: root), ["Predicted label"])
        // Cells of 56 px in rows: row 1 lies 56 px below row 0, column 1 56 px right of column 0.
        XCTAssertEqual(PlotXML.number(cells[3], "x") - PlotXML.number(cells[2], "x"), 56)
        XCTAssertEqual(PlotXML.number(cells[2], "y") - PlotXML.number(cells[0], "y"), 56)
    }

    func testNormalisedMatrixShowsTwoDecimalsAndDefaultNames() throws {
        let root = try PlotXML.parse(confusionMatrixPlot(Tensor([[0.75, 0.25, 0], [0, 1, 0], [0.125, 0.5, 0.375]])))
        XCTAssertEqual(PlotXML.texts("count", in: root), ["0.75", "0.25", "0.00", "0.00", "1.00", "0.00", "0.12", "0.50", "0.38"])
        XCTAssertEqual(PlotXML.texts("true-name", in: root), ["0", "1", "2"])
    }

    func testAWrongNameCountStops() {
        assertTraps(stderrContains: ["confusionMatrixPlot: classNames must name each of the 2 classes", "Received: 3 names"]) {
            _ = confusionMatrixPlot(Tensor([[1, 0], [0, 1]]), classNames: ["a", "b", "c"])
        }
    }
}
