import Foundation

/// Draws a confusion matrix as scikit-learn's `ConfusionMatrixDisplay` does: a heat map (white to
/// blue) with each cell's count written in it, true labels down the side ("True label"),
/// predicted labels along the bottom ("Predicted label"), and a colour bar. In a notebook the
/// plot shows below the cell; `write(to:)` saves it.
///
/// `matrix` is `[K, K]`: row = true class, column = predicted class (what `confusionMatrix(yTrue:yPred:numClasses:)`
/// returns). Whole numbers are written as counts, others (a normalised matrix) with two decimals.
/// - Parameters:
///   - matrix: the square matrix; another shape stops the program with a message naming it.
///   - classNames: a name for each class (default `0`, `1`, ...); a count other than K stops the program.
public func confusionMatrixPlot(_ matrix: Tensor, classNames: [String]? = nil) -> SVG {
    let svg = ConfusionMatrixPlot.plot(matrix, classNames: classNames)
    display(svg)
    return svg
}

/// The drawing of `confusionMatrixPlot(_:classNames:)`.
package enum ConfusionMatrixPlot {
    /// A cell's side for `classes` classes: 56 pixels for a few, shrinking to 22 for many.
    package static func cellSize(classes: Int) -> Double { min(56, max(22, (460 / Double(classes)).rounded(.down))) }

    /// The text written in a cell: a whole count (`12`), or two decimals when `whole` is false.
    package static func cellText(_ value: Float, whole: Bool) -> String {
        whole ? String(Int(value)) : String(format: "%.2f", Double(value))
    }

    package static func plot(_ matrix: Tensor, classNames: [String]?) -> SVG {
        let shape = matrix.shape
        check(shape.count == 2 && shape[0] == shape[1] && shape[0] > 0,
              "confusionMatrixPlot: the matrix must be square, [classes, classes]. Received: shape \(shape)")
        let classes = shape[0]
        let names = classNames ?? (0..<classes).map(String.init)
        check(names.count == classes, "confusionMatrixPlot: classNames must name each of the \(classes) classes. "
              + "Received: \(names.count) names \(names)")
        let values = matrix.scalars
        let finite = values.filter(\.isFinite)
        let whole = finite.allSatisfy { $0 == $0.rounded() && abs($0) < 1e9 }
        let low = Double(finite.min() ?? 0), high = Double(finite.max() ?? 0)
        let cell = cellSize(classes: classes)
        let texts = values.map { $0.isFinite ? cellText($0, whole: whole) : "nan" }
        let countSize = min(14, cell * 0.85 / (0.6 * Double(texts.map(\.count).max() ?? 1)))
        let labelSize = 12.0
        let nameWidth = names.map { SVGCanvas.textWidth($0, size: labelSize) }.max() ?? 0
        let rotated = nameWidth > cell - 6
        let left = 34 + nameWidth + 10, top = 44.0
        let side = cell * Double(classes)
        let xNamesHeight = rotated ? nameWidth * 0.62 + 16 : 20
        let height = top + side + xNamesHeight + 34
        let barLeft = left + side + 22
        let width = barLeft + 16 + 56
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text("Confusion matrix", x: left + side / 2, y: 26, size: 14, bold: true, extra: [("class", "title")])
        canvas.open([("class", "cells")])
        for row in 0..<classes {
            for column in 0..<classes {
                let value = Double(values[row * classes + column])
                let t = high > low ? (value - low) / (high - low) : 0
                let x = left + Double(column) * cell, y = top + Double(row) * cell
                canvas.rect(x: x, y: y, width: cell, height: cell, fill: Palette.blues(t),
                            extra: [("class", "cell"), ("data-row", String(row)), ("data-column", String(column))])
                canvas.text(texts[row * classes + column], x: x + cell / 2, y: y + cell / 2 + countSize * 0.35,
                            size: countSize, fill: t > 0.5 ? "white" : "#08306b", extra: [("class", "count")])
            }
        }
        canvas.close()
        canvas.rect(x: left, y: top, width: side, height: side, fill: "none", stroke: "#444444")
        canvas.open([("class", "class-names")])
        for (index, name) in names.enumerated() {
            let middle = Double(index) * cell + cell / 2
            canvas.text(name, x: left - 8, y: top + middle + 4, size: labelSize, anchor: "end", extra: [("class", "true-name")])
            if rotated {
                canvas.text(name, x: left + middle + 4, y: top + side + 12, size: labelSize, anchor: "end",
                            rotation: -45, extra: [("class", "predicted-name")])
            } else {
                canvas.text(name, x: left + middle, y: top + side + 16, size: labelSize, extra: [("class", "predicted-name")])
            }
        }
        canvas.close()
        canvas.text("True label", x: 18, y: top + side / 2, size: 13, rotation: -90, extra: [("class", "ylabel")])
        canvas.text("Predicted label", x: left + side / 2, y: top + side + xNamesHeight + 18, size: 13, extra: [("class", "xlabel")])
        drawColorBar(x: barLeft, top: top, height: side, low: low, high: high, on: &canvas)
        return canvas.finish()
    }

    /// The colour bar: the map from `low` (bottom) to `high` (top), with nice ticks between.
    private static func drawColorBar(x: Double, top: Double, height: Double, low: Double, high: Double,
                                     on canvas: inout SVGCanvas) {
        canvas.open([("class", "colorbar")])
        let stops = (0...8).map { step -> String in
            let t = Double(step) / 8
            return "<stop offset=\"\(svgNumber(t))\" stop-color=\"\(Palette.blues(t))\"/>"
        }
        canvas.append("<defs><linearGradient id=\"blues\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
                      + stops.joined() + "</linearGradient></defs>")
        canvas.rect(x: x, y: top, width: 16, height: height, fill: "url(#blues)", stroke: "#444444")
        if high > low {
            let scale = NiceScale(minimum: low, maximum: high)
            for tick in scale.ticks where tick >= low - 1e-9 * (high - low) && tick <= high + 1e-9 * (high - low) {
                let y = top + height - (tick - low) / (high - low) * height
                canvas.line(x + 16, y, x + 20, y, stroke: "#444444")
                canvas.text(scale.label(tick), x: x + 23, y: y + 4, size: 11, anchor: "start")
            }
        }
        canvas.close()
    }
}
