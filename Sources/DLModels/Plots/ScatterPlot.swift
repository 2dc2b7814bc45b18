import Foundation

/// Draws points in the plane (a 2-D latent space, an embedding), coloured by label with a legend
/// (matplotlib's `tab10` colours, cycling after ten labels). In a notebook the plot shows below
/// the cell; `write(to:)` saves it.
///
/// `points` is `[N, 2]` (x, y); `labels`, when given, is `[N]` (or `[N, 1]`) of class numbers.
/// Points that are not finite are left out.
/// - Parameters:
///   - points: the points; another shape stops the program with a message naming it.
///   - labels: a label per point (a different count stops the program).
public func scatterPlot(_ points: Tensor, labels: Tensor? = nil) -> SVG {
    let svg = ScatterPlot.plot(points, labels: labels)
    display(svg)
    return svg
}

/// The drawing of `scatterPlot(_:labels:)`.
package enum ScatterPlot {
    package static let left = 72.0, top = 20.0, plotWidth = 460.0, plotHeight = 400.0, bottom = 52.0

    /// A label as the legend writes it: `3` for a whole number, else up to six significant digits.
    package static func labelText(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%g", Double(value))
    }

    /// The frame of a plot of `points` (`[N, 2]` values, row-major).
    package static func frame(_ values: [Float]) -> PlotFrame {
        var xs: [Double] = [], ys: [Double] = []
        for index in stride(from: 0, to: values.count - 1, by: 2) where values[index].isFinite && values[index + 1].isFinite {
            xs.append(Double(values[index]))
            ys.append(Double(values[index + 1]))
        }
        return PlotFrame(left: left, top: top, width: plotWidth, height: plotHeight,
                         x: NiceScale(minimum: xs.min() ?? 0, maximum: xs.max() ?? 1),
                         y: NiceScale(minimum: ys.min() ?? 0, maximum: ys.max() ?? 1))
    }

    package static func plot(_ points: Tensor, labels: Tensor?) -> SVG {
        let shape = points.shape
        check(shape.count == 2 && shape[1] == 2, "scatterPlot: points must be [N, 2]. Received: shape \(shape)")
        let count = shape[0]
        var labelValues: [Float]? = nil
        if let labels {
            check(labels.scalarCount == count && (labels.rank == 1 || (labels.rank == 2 && labels.shape[1] == 1)),
                  "scatterPlot: labels must be [N] with N = \(count), one per point. Received: shape \(labels.shape)")
            labelValues = labels.scalars
            check(labels.scalars.allSatisfy(\.isFinite), "scatterPlot: labels must be finite numbers. Received: "
                  + "\(labels.scalars.filter { !$0.isFinite }.count) labels that are not")
        }
        let values = points.scalars
        let frame = frame(values)
        let groups = labelValues.map { Array(Set($0)).sorted() } ?? [0]
        let legendLabels = labelValues == nil ? [] : groups.map(labelText)
        let legendWidth = legendLabels.isEmpty ? 0
            : 40 + max(SVGCanvas.textWidth("label", size: 11), legendLabels.map { SVGCanvas.textWidth($0, size: 11) }.max() ?? 0)
        let height = max(top + plotHeight + bottom, top + 30 + 18 * Double(legendLabels.count))
        var canvas = SVGCanvas(width: left + plotWidth + 20 + legendWidth, height: height)
        frame.drawAxes(on: &canvas, xTitle: "dimension 0", yTitle: "dimension 1")
        let radius = count > 2000 ? 1.5 : 2.5
        var members = [[Int]](repeating: [], count: groups.count)
        let groupOf = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($0.element, $0.offset) })
        for index in 0..<count {
            members[labelValues.map { groupOf[$0[index]] ?? 0 } ?? 0].append(index)
        }
        for (group, indices) in members.enumerated() {
            canvas.open([("class", "points"), ("data-label", labelValues == nil ? "" : legendLabels[group]),
                         ("fill", Palette.color(group)), ("fill-opacity", "0.75")])
            for index in indices where values[2 * index].isFinite && values[2 * index + 1].isFinite {
                let x = frame.px(Double(values[2 * index])), y = frame.py(Double(values[2 * index + 1]))
                canvas.append("<circle cx=\"\(svgNumber(x))\" cy=\"\(svgNumber(y))\" r=\"\(svgNumber(radius))\"/>")
            }
            canvas.close()
        }
        if !legendLabels.isEmpty {
            let x = left + plotWidth + 16
            canvas.open([("class", "legend")])
            canvas.text("label", x: x + 6, y: top + 12, size: 11, anchor: "start", bold: true)
            for (row, text) in legendLabels.enumerated() {
                let y = top + 30 + Double(row) * 18
                canvas.circle(x: x + 12, y: y - 4, radius: 4, fill: Palette.color(row))
                canvas.text(text, x: x + 22, y: y, size: 11, anchor: "start", extra: [("class", "legend-entry")])
            }
            canvas.close()
        }
        return canvas.finish()
    }
}
