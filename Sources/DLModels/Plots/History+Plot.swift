extension History {
    /// Draws the training curves, as the Keras courses plot `history.history`: one panel per
    /// metric (`loss` first, then the others by name), the training values and, where recorded,
    /// the validation ones (`val_` keys) against epochs 1...n, with a legend. In a notebook the
    /// plot shows below the cell; `write(to:)` saves it.
    ///
    /// An empty history gives a plot saying so. Values that are not finite (a diverged loss)
    /// break the line.
    /// - Parameter metrics: the metrics to draw, by name without `val_` (`["loss"]`,
    ///   `["accuracy"]`); nil draws them all. A name the history does not have stops the program
    ///   with a message listing the names it has.
    @discardableResult
    public func plot(metrics: [String]? = nil) -> SVG {
        let svg = TrainingCurves.plot(history, metrics: metrics)
        display(svg)
        return svg
    }
}

/// The drawing of `History.plot(metrics:)`.
package enum TrainingCurves {
    /// Each panel's size, and the plot area inside it.
    package static let panelWidth = 440.0, panelHeight = 320.0
    package static let left = 72.0, top = 34.0, right = 18.0, bottom = 52.0
    /// Panels per row.
    static let columns = 3

    /// The metrics a history can draw: `loss` first, then the others by name (a `val_` key
    /// alone counts under its name).
    package static func metricNames(_ history: [String: [Float]]) -> [String] {
        let names = Set(history.keys.map { $0.hasPrefix("val_") ? String($0.dropFirst(4)) : $0 })
        return names.sorted { ($0 == "loss" ? 0 : 1, $0) < ($1 == "loss" ? 0 : 1, $1) }
    }

    /// The plot of `metrics` (all when nil) of `history` (key → one value per epoch).
    package static func plot(_ history: [String: [Float]], metrics: [String]?) -> SVG {
        let available = metricNames(history)
        let chosen = metrics ?? available
        for name in chosen where !available.contains(name) {
            trap("History.plot(metrics:): unknown metric '\(name)'; this history has "
                 + (available.isEmpty ? "no metrics (fit has not run)" : available.joined(separator: ", "))
                 + ". Received: metrics \(chosen)")
        }
        guard !chosen.isEmpty, chosen.contains(where: { !(history[$0] ?? history["val_" + $0] ?? []).isEmpty }) else {
            var canvas = SVGCanvas(width: panelWidth, height: 120)
            canvas.message("No training history to plot: History.plot() draws the epochs recorded by fit.")
            return canvas.finish()
        }
        let columnCount = min(chosen.count, columns)
        let rowCount = (chosen.count + columnCount - 1) / columnCount
        var canvas = SVGCanvas(width: panelWidth * Double(columnCount), height: panelHeight * Double(rowCount))
        for (index, name) in chosen.enumerated() {
            let originX = panelWidth * Double(index % columnCount), originY = panelHeight * Double(index / columnCount)
            drawPanel(name, train: history[name] ?? [], validation: history["val_" + name],
                      originX: originX, originY: originY, on: &canvas)
        }
        return canvas.finish()
    }

    /// The frame of a panel whose top-left corner is at (`originX`, `originY`) showing `series`.
    package static func frame(originX: Double, originY: Double, series: [[Float]]) -> PlotFrame {
        let finite = series.flatMap { $0 }.filter(\.isFinite).map(Double.init)
        let epochs = series.map(\.count).max() ?? 0
        return PlotFrame(left: originX + left, top: originY + top, width: panelWidth - left - right,
                         height: panelHeight - top - bottom, x: NiceScale(epochs: epochs),
                         y: NiceScale(minimum: finite.min() ?? 0, maximum: finite.max() ?? 1))
    }

    /// One metric's panel: axes, the training line (blue), the validation line (orange), legend.
    private static func drawPanel(_ name: String, train: [Float], validation: [Float]?,
                                  originX: Double, originY: Double, on canvas: inout SVGCanvas) {
        var series: [(key: String, label: String, values: [Float])] = []
        if !train.isEmpty { series.append((name, "Training \(name)", train)) }
        if let validation, !validation.isEmpty { series.append(("val_" + name, "Validation \(name)", validation)) }
        let frame = frame(originX: originX, originY: originY, series: series.map(\.values))
        canvas.open([("class", "panel"), ("data-metric", name)])
        let title = series.count == 2 ? "Training and validation \(name)"
            : (train.isEmpty ? "Validation \(name)" : "Training \(name)")
        canvas.text(title, x: frame.left + frame.width / 2, y: originY + 22, size: 14, bold: true, extra: [("class", "title")])
        frame.drawAxes(on: &canvas, xTitle: "Epoch", yTitle: name)
        var allLines: [[(Double, Double)]] = []
        for (index, entry) in series.enumerated() {
            let color = Palette.color(index == 0 && !train.isEmpty ? 0 : 1)
            var runs: [[(Double, Double)]] = [[]]
            for (epoch, value) in entry.values.enumerated() {
                if value.isFinite {
                    runs[runs.count - 1].append((frame.px(Double(epoch + 1)), frame.py(Double(value))))
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            canvas.open([("class", "series"), ("data-series", entry.key)])
            for run in runs where !run.isEmpty {
                canvas.polyline(run, stroke: color)
                if entry.values.count <= 40 {
                    for point in run { canvas.circle(x: point.0, y: point.1, radius: 3, fill: color) }
                }
            }
            canvas.close()
            allLines += runs
        }
        Legend.draw(series.enumerated().map { ($0.element.label, Palette.color($0.offset == 0 && !train.isEmpty ? 0 : 1)) },
                    in: frame, avoiding: allLines, on: &canvas)
        canvas.close()
    }
}
