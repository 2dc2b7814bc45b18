import DL
import XCTest

/// The canvas's numbers and escaping, and a document built with it.
final class SVGCanvasTests: XCTestCase {
    func testNumbersHaveAtMostTwoDecimalsAndNoTrailingZeros() {
        XCTAssertEqual(svgNumber(12.5), "12.5")
        XCTAssertEqual(svgNumber(40), "40")
        XCTAssertEqual(svgNumber(-3.254), "-3.25")
        XCTAssertEqual(svgNumber(84.962962), "84.96")
        XCTAssertEqual(svgNumber(1.05), "1.05")
        XCTAssertEqual(svgNumber(0.004), "0")
        XCTAssertEqual(svgNumber(-0.004), "0")
        XCTAssertEqual(svgNumber(7.999), "8")
        XCTAssertEqual(svgNumber(.nan), "0")
    }

    func testXMLSpecialCharactersAreEscaped() {
        XCTAssertEqual(xmlEscaped("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        XCTAssertEqual(xmlEscaped("plain_text é"), "plain_text é")
    }

    func testCanvasDocument() throws {
        let root = try PlotXML.parse(ConfusionMatrixPlot.plot(Tensor([[1]]), classNames: ["a&b"]))
        XCTAssertEqual(PlotXML.value(root, "font-family"), "DejaVu Sans, Helvetica, Arial, sans-serif")
        XCTAssertEqual(PlotXML.all("rect", in: root).first.map { PlotXML.value($0, "fill") }, "white", "a white background first")
        XCTAssertEqual(PlotXML.texts("true-name", in: root), ["a&b"])
    }
}
