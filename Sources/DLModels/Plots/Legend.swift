/// A legend box inside a plot area: one line swatch and label per entry, in the upper or lower
/// right corner, whichever hides less of the lines (matplotlib's `loc="best"`, restricted to two corners).
enum Legend {
    static let rowHeight = 18.0, fontSize = 11.0

    /// The legend's size for `labels`.
    static func size(_ labels: [String]) -> (width: Double, height: Double) {
        let text = labels.map { SVGCanvas.textWidth($0, size: fontSize) }.max() ?? 0
        return (36 + text, Double(labels.count) * rowHeight + 8)
    }

    /// Draws `entries` (label, colour) in `frame`, in the corner that hides fewer points of the
    /// polylines `lines` (each segment sampled at 8 points).
    static func draw(_ entries: [(label: String, color: String)], in frame: PlotFrame,
                     avoiding lines: [[(Double, Double)]], on canvas: inout SVGCanvas) {
        guard !entries.isEmpty else { return }
        var points = lines.compactMap(\.first)
        for line in lines {
            for (a, b) in zip(line, line.dropFirst()) {
                points += (1...8).map { step in
                    let t = Double(step) / 8
                    return (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
                }
            }
        }
        let (width, height) = size(entries.map(\.label))
        let x = frame.left + frame.width - width - 8
        let upper = frame.top + 8, lower = frame.top + frame.height - height - 8
        func hidden(_ y: Double) -> Int {
            points.filter { $0.0 >= x - 4 && $0.0 <= x + width + 4 && $0.1 >= y - 4 && $0.1 <= y + height + 4 }.count
        }
        let y = hidden(lower) < hidden(upper) ? lower : upper
        canvas.open([("class", "legend")])
        canvas.rect(x: x, y: y, width: width, height: height, fill: "white", stroke: "#cccccc",
                    extra: [("fill-opacity", "0.85")])
        for (row, entry) in entries.enumerated() {
            let middle = y + 4 + rowHeight * (Double(row) + 0.5)
            canvas.line(x + 8, middle, x + 26, middle, stroke: entry.color, width: 2)
            canvas.circle(x: x + 17, y: middle, radius: 3, fill: entry.color)
            canvas.text(entry.label, x: x + 31, y: middle + 4, size: fontSize, anchor: "start",
                        extra: [("class", "legend-entry")])
        }
        canvas.close()
    }
}
