import Foundation

/// An axis's "nice" range and ticks (Heckbert's "Nice numbers for graph labels"): ticks every
/// 1, 2 or 5 × 10^k, about five of them, the range widened to whole steps.
package struct NiceScale: Equatable {
    /// The axis's ends (a multiple of `step` below the smallest value and above the largest).
    package let lower: Double
    package let upper: Double
    /// The distance between ticks.
    package let step: Double
    /// The tick values, `lower` to `upper`.
    package let ticks: [Double]

    /// The nice scale covering `minimum...maximum` with about `ticks` ticks; an empty range
    /// (all values equal) is widened around its value first.
    package init(minimum: Double, maximum: Double, ticks count: Int = 5) {
        var low = minimum, high = maximum
        if !(low.isFinite && high.isFinite) { low = 0; high = 1 }
        if high - low <= abs(high) * 1e-12 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = Self.niceNumber(Self.niceNumber(high - low, round: false) / Double(max(count - 1, 1)), round: true)
        // A millionth of a step of slack (Float values read as Double): 1.2 / 0.2 is 6 steps, not 7.
        let first = (low / step + 1e-6).rounded(.down), last = (high / step - 1e-6).rounded(.up)
        self.step = step
        lower = first * step
        upper = last * step
        ticks = stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// Integer ticks for epochs `1...count`: multiples of a nice whole step near (count - 1) / 5
    /// inside the range (every epoch up to 10 epochs), the range padded by 4% of its length on each side (half an epoch
    /// for one epoch) so that the first and last points stay off the frame.
    package init(epochs count: Int) {
        let n = Double(max(count, 1))
        let pad = count <= 1 ? 0.5 : (n - 1) * 0.04
        lower = 1 - pad
        upper = n + pad
        let step = count <= 10 ? 1 : max(1, Self.niceNumber((n - 1) / 5, round: true))
        self.step = step
        ticks = step == 1 ? (1...max(count, 1)).map(Double.init)
            : stride(from: step, through: n, by: step).map { $0 }
    }

    /// The text of a tick: as many decimals as the step needs (`0.25` steps are never chosen), no `-0`.
    package func label(_ value: Double) -> String {
        let decimals = max(0, Int(-(log10(step) + 1e-9).rounded(.down)))
        let shown = abs(value) < step * 1e-6 ? 0 : value
        return String(format: "%.\(decimals)f", shown)
    }

    /// 1, 2, 5 or 10 × 10^k near `value` (rounded to the nearest, or the next above when not `round`).
    static func niceNumber(_ value: Double, round: Bool) -> Double {
        let exponent = log10(value).rounded(.down)
        let power = pow(10, exponent)
        let fraction = value / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }
}

/// A plot area on the canvas and the two scales mapping data to it (y grows upwards).
package struct PlotFrame {
    package let left: Double, top: Double, width: Double, height: Double
    package let x: NiceScale
    package let y: NiceScale

    /// The pixel column of data value `value` on the x axis.
    package func px(_ value: Double) -> Double { left + (value - x.lower) / (x.upper - x.lower) * width }
    /// The pixel row of data value `value` on the y axis.
    package func py(_ value: Double) -> Double { top + height - (value - y.lower) / (y.upper - y.lower) * height }

    /// Draws the light grid, the frame, the ticks with their labels and the axis titles.
    func drawAxes(on canvas: inout SVGCanvas, xTitle: String, yTitle: String) {
        canvas.open([("class", "axes")])
        for tick in x.ticks {
            canvas.line(px(tick), top, px(tick), top + height, stroke: "#e6e6e6")
        }
        for tick in y.ticks {
            canvas.line(left, py(tick), left + width, py(tick), stroke: "#e6e6e6")
        }
        canvas.rect(x: left, y: top, width: width, height: height, fill: "none", stroke: "#444444")
        for tick in x.ticks {
            canvas.line(px(tick), top + height, px(tick), top + height + 4, stroke: "#444444")
            canvas.text(x.label(tick), x: px(tick), y: top + height + 17, size: 11, extra: [("class", "xtick")])
        }
        for tick in y.ticks {
            canvas.line(left - 4, py(tick), left, py(tick), stroke: "#444444")
            canvas.text(y.label(tick), x: left - 7, y: py(tick) + 4, size: 11, anchor: "end", extra: [("class", "ytick")])
        }
        canvas.text(xTitle, x: left + width / 2, y: top + height + 36, size: 12, extra: [("class", "xlabel")])
        let yLabelWidth = y.ticks.map { SVGCanvas.textWidth(y.label($0), size: 11) }.max() ?? 0
        let yTitleX = left - yLabelWidth - 18
        canvas.text(yTitle, x: yTitleX, y: top + height / 2, size: 12, rotation: -90, extra: [("class", "ylabel")])
        canvas.close()
    }
}
